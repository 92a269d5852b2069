# WhatsApp rendering: labels the adapter adds around the engine's choices.
# The list button is at most 20 characters (WhatsApp's limit).
whatsapp-list-button = See options
whatsapp-choose = Choose an option:
whatsapp-more-options = More options ({ $page } of { $pages }):
