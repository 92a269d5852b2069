-- Program staff: a chat is a staff chat only because this registry says so.
CREATE TABLE staff (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    roles TEXT NOT NULL,
    telegram_user_id TEXT UNIQUE,
    whatsapp_number TEXT UNIQUE,
    locale TEXT NOT NULL DEFAULT 'es',
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);
