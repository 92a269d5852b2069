## The registration form on one screen (domain::form): per-field errors, the
## authority from the JNE list and the Telegram form.

form-required = This is needed. Please fill it in.
form-district-ambiguous = { $count ->
    [one] There is { $count } district with that name.
   *[other] There are { $count } districts with that name.
} Please pick yours from the list or add the province.
form-region-ambiguous = Several regions match that name. Please pick yours from the list.
form-not-in-form = This does not belong to the chosen access type.
