# Corrections that leave a trace (services::corrections): the note that closes an
# observation, what UAC reads of the changes since, and the chat's words for them.
fix-closed-fields = Corrigió: { $fields }.
fix-closed-ddc = Envió una DDC firmada nueva.
fix-closed-designation = Envió el documento de designación.
fix-closed-nothing = Volvió a enviar la solicitud sin cambios en los datos.
fix-since-heading = Observada: { $reason }. Cambios desde la observación:
fix-since-none = • Ningún dato cambió.
fix-since-change = • { $field }: { $old } → { $new }
fix-since-ddc-outdated = ⚠️ La DDC firmada en archivo es anterior a la corrección: falta la DDC nueva firmada.
staff-ddc-outdated-refused = No se puede dar conformidad: la DDC firmada en archivo es anterior a una corrección de los datos que imprime. Observe la solicitud para que envíen la DDC nueva firmada.
console-section-corrections = Correcciones
correction-new-ddc-printed = Corregí los datos de la solicitud { $code }. La DDC lleva esos datos, así que la DDC firmada que tenemos ya no vale: aquí tiene la DDC nueva, con otro código de verificación. Hágala firmar y sellar por el { $authority } y envíemela; al recibirla, su solicitud vuelve a revisión.
fix-all-fields = Todos los datos
fix-send-ddc = Enviar DDC firmada
fix-back = Volver
fix-observed-prompt = Corrija primero lo observado, o elija «Todos los datos».
status-observed-reason = Motivo de la observación: { $reason }
fix-left = De acuerdo, no cambié nada de su solicitud.
