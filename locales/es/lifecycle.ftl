# A request's whole life: renewal, renewal window, starting again, authority corrected.

menu-restart = Retomar solicitud
status-renewal = Es la renovación del acceso { $previous } para el año fiscal { $year }.
status-restart = Retoma la solicitud { $previous } con sus datos.
status-renewal-filed = Su renovación { $renewal } (año fiscal { $year }) está { $stage }. Cuando se apruebe, su acceso sigue con ella; no necesita registrar otra.
renew-already-filed = Ya registró la renovación { $code }; no hace falta otra. Así va:
fix-unsigned-intro = Su solicitud { $code } espera la DDC firmada. Elija el dato que desea corregir; le enviaré la DDC nueva para firmar.
restart-intro = Retomemos la solicitud { $code } ({ $stage }). Motivo: { $reason }. Uso sus datos anteriores: revise el resumen, corrija lo que el motivo pide y envíe. Recibirá una DDC nueva para firmar.
restart-intro-fields = Retomemos la solicitud { $code } ({ $stage }). Motivo: { $reason }. Uso sus datos anteriores y solo le pido de nuevo: { $fields }.
correction-new-ddc = Corregí los datos de la solicitud { $code }. Como la DDC lleva esos datos, aquí tiene la DDC nueva: la anterior ya no sirve.
correction-new-ddc-authority = Corregí los datos del { $authority } de la solicitud { $code }. La DDC firmada que tenemos nombra a otra persona, así que el { $authority } debe firmar esta DDC nueva; la anterior ya no sirve. Al recibirla, su solicitud vuelve a revisión.
notify-expired-renewing = El acceso de la solicitud { $code } terminó con el año fiscal { $year }. Su renovación { $renewal } para { $next_year } está { $stage }: no necesita registrar nada más. Le avisaremos apenas se apruebe y podrá seguir consultando.
remind-renewal-ddc = Recordatorio: su renovación { $code } para el año fiscal { $fiscal_year } espera la DDC firmada y sellada. { tap-capital } «Enviar DDC firmada» cuando la tenga.
staff-ddc-other-authority = ⚠️ La DDC firmada en archivo nombra a { $signed } (DNI { $signed_dni }), pero { $access ->
    [other] el titular de la entidad
   *[elected] la autoridad
} de la solicitud ahora es { $current } (DNI { $current_dni }). No puede pasar con esa DDC: observe «Falta la DDC firmada por { $access ->
    [other] el titular actual
   *[elected] la autoridad actual
}».
staff-ddc-other-authority-refused = No se puede dar conformidad: la DDC firmada en archivo nombra a { $signed }, no a quien figura ahora en la solicitud para firmarla. Observe la solicitud para que envíen la DDC nueva firmada.
binding-ended-renewing = El acceso { $code } terminó con el año fiscal, así que por ahora este chat no puede consultar el padrón. Su renovación { $renewal } está { $stage } y no necesita registrar nada más: cuando se apruebe, este chat vuelve a consultar solo.
staff-ddc-expected = La DDC vigente nombra a { $name } (DNI { $dni }) y lleva el código de verificación { $code }: compárelos con el papel firmado.
renew-not-yet = Su acceso { $code } está vigente hasta el 31/12/{ $year }, así que aún no hay que renovarlo. La renovación se abre el { $opens }: ese día le recordaré, y usaremos sus datos.
