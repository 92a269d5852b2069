## El formulario de registro en una sola pantalla (domain::form): errores por campo,
## la autoridad de la lista del JNE y el formulario de Telegram.

form-required = Este dato es necesario. Complételo, por favor.
form-district-ambiguous = { $count ->
    [one] Hay { $count } distrito con ese nombre.
   *[other] Hay { $count } distritos con ese nombre.
} Elija el suyo de la lista o escriba también la provincia, por favor.
form-region-ambiguous = Varias regiones coinciden con ese nombre. Elija la suya de la lista, por favor.
form-not-in-form = Este dato no corresponde al tipo de acceso elegido.
