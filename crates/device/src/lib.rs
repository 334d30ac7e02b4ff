//! The app's engine: device store (SQLite, migrations, outbox), capture, tasks and sync.
