# WhatsApp rendering: labels the adapter adds around the engine's choices.
# The list button is at most 20 characters (WhatsApp's limit).
whatsapp-list-button = Ver opciones
whatsapp-choose = Elija una opción:
whatsapp-more-options = Más opciones ({ $page } de { $pages }):
