<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>ActionPanel</name>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <source>Why this action is unavailable</source>
        <translation>Warum diese Aktion nicht verfügbar ist</translation>
    </message>
    <message>
        <source>Search actions</source>
        <translation>Aktionen durchsuchen</translation>
    </message>
    <message>
        <source>Search actions…</source>
        <translation>Aktionen durchsuchen…</translation>
    </message>
    <message>
        <source>{title}, unavailable: {reason}</source>
        <translation>{title}, nicht verfügbar: {reason}</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <source>never opened</source>
        <translation>nie geöffnet</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>gestern</translation>
    </message>
</context>
<context>
    <name>Editors</name>
    <message>
        <source>Import a project folder</source>
        <translation>Projektordner importieren</translation>
    </message>
    <message>
        <source>Notes — {title}</source>
        <translation>Notizen — {title}</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Notes for this session (Ctrl+Enter saves, Esc cancels)</source>
        <translation>Notizen zu dieser Session (Strg+Eingabe speichert, Esc bricht ab)</translation>
    </message>
    <message>
        <source>Ctrl+Enter saves · Esc cancels</source>
        <translation>Strg+Eingabe speichert · Esc bricht ab</translation>
    </message>
    <message>
        <source>Notes are limited to {count} characters here.</source>
        <translation>Notizen sind hier auf {count} Zeichen begrenzt.</translation>
    </message>
    <message>
        <source>Save error</source>
        <translation>Fehler beim Speichern</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Weiter bearbeiten</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Speichert…</translation>
    </message>
    <message>
        <source>Choose the project</source>
        <translation>Projekt auswählen</translation>
    </message>
    <message>
        <source>DAW projects ({patterns});;All files (*)</source>
        <translation>DAW-Projekte ({patterns});;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Give the session a title.</source>
        <translation>Geben Sie der Session einen Titel.</translation>
    </message>
    <message>
        <source>Keep the title under {count} characters.</source>
        <translation>Der Titel darf höchstens {count} Zeichen lang sein.</translation>
    </message>
    <message>
        <source>A session can have at most {count} tags.</source>
        <translation>Eine Session kann höchstens {count} Tags haben.</translation>
    </message>
    <message>
        <source>Keep each tag under {count} characters.</source>
        <translation>Jeder Tag darf höchstens {count} Zeichen lang sein.</translation>
    </message>
    <message>
        <source>A tag cannot contain control characters.</source>
        <translation>Ein Tag darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <source>Not taken from the search: {filters}</source>
        <translation>Nicht aus der Suche übernommen: {filters}</translation>
    </message>
    <message>
        <source>Edit — {title}</source>
        <translation>Bearbeiten — {title}</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Neue Session</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>e.g. Launch cue prep</source>
        <translation>z. B. Cue-Vorbereitung Launch</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Project path</source>
        <translation>Projektpfad</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>The project path must be a full path (use Choose…).</source>
        <translation>Der Projektpfad muss ein vollständiger Pfad sein (nutzen Sie „Auswählen…“).</translation>
    </message>
    <message>
        <source>No tags yet</source>
        <translation>Noch keine Tags</translation>
    </message>
    <message>
        <source>Add a tag</source>
        <translation>Tag hinzufügen</translation>
    </message>
    <message>
        <source>Tags — {title}</source>
        <translation>Tags — {title}</translation>
    </message>
</context>
<context>
    <name>EntryOffer</name>
    <message>
        <source>Applications menu entry</source>
        <translation>Eintrag im Anwendungsmenü</translation>
    </message>
    <message>
        <source>Add SessionDock Launcher to your applications menu?</source>
        <translation>SessionDock Launcher zum Anwendungsmenü hinzufügen?</translation>
    </message>
    <message>
        <source>The menu entry lets you start the launcher from the applications menu, and GNOME needs it for the global hotkey. It goes into {path}. You can also run `{command}` later.</source>
        <translation>Mit dem Menüeintrag starten Sie den Launcher aus dem Anwendungsmenü, und GNOME braucht ihn für das globale Tastenkürzel. Er wird in {path} angelegt. Sie können auch später `{command}` ausführen.</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>Installieren</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Jetzt nicht</translation>
    </message>
    <message>
        <source>Could not add the menu entry ({reason}). Run `{command}` to see why.</source>
        <translation>Der Menüeintrag konnte nicht angelegt werden ({reason}). Führen Sie `{command}` aus, um den Grund zu sehen.</translation>
    </message>
    <message>
        <source>SessionDock Launcher is now in your applications menu.</source>
        <translation>SessionDock Launcher ist jetzt im Anwendungsmenü.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>{what} needs Full Automation: SessionDock → Settings → Local API</source>
        <translation>{what} erfordert „Full Automation“: SessionDock → Settings → Local API</translation>
    </message>
    <message>
        <source>{what} needs SessionDock: {link_text}</source>
        <translation>{what} erfordert SessionDock: {link_text}</translation>
    </message>
    <message>
        <source>Focus</source>
        <translation>Fokussieren</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Ctrl</source>
        <translation>Strg</translation>
    </message>
    <message>
        <source>Alt</source>
        <translation>Alt</translation>
    </message>
    <message>
        <source>Meta</source>
        <translation>Meta</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Umschalt</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>PgUp</source>
        <translation>Bild↑</translation>
    </message>
    <message>
        <source>PgDn</source>
        <translation>Bild↓</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Leertaste</translation>
    </message>
    <message>
        <source>play</source>
        <translation>abspielen</translation>
    </message>
    <message>
        <source>seek</source>
        <translation>spulen</translation>
    </message>
    <message>
        <source>hide</source>
        <translation>ausblenden</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Pins</source>
        <translation>Angeheftet</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <source>no project path</source>
        <translation>kein Projektpfad</translation>
    </message>
    <message>
        <source>no notes</source>
        <translation>keine Notizen</translation>
    </message>
    <message>
        <source>Focus in SessionDock</source>
        <translation>In SessionDock fokussieren</translation>
    </message>
    <message>
        <source>Opening</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Copy project path</source>
        <translation>Projektpfad kopieren</translation>
    </message>
    <message>
        <source>Reveal in file manager</source>
        <translation>Im Dateimanager zeigen</translation>
    </message>
    <message>
        <source>Copy notes</source>
        <translation>Notizen kopieren</translation>
    </message>
    <message>
        <source>Edit tags…</source>
        <translation>Tags bearbeiten…</translation>
    </message>
    <message>
        <source>Edit notes…</source>
        <translation>Notizen bearbeiten…</translation>
    </message>
    <message>
        <source>Edit title and status…</source>
        <translation>Titel und Status bearbeiten…</translation>
    </message>
    <message>
        <source>Editing the title and status</source>
        <translation>Das Bearbeiten von Titel und Status</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Lösen</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>Oben anheften</translation>
    </message>
    <message>
        <source>New session…</source>
        <translation>Neue Session…</translation>
    </message>
    <message>
        <source>Import project folder…</source>
        <translation>Projektordner importieren…</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source> (needs Full Automation)</source>
        <translation> (erfordert „Full Automation“)</translation>
    </message>
    <message>
        <source> (token needed)</source>
        <translation> (Token erforderlich)</translation>
    </message>
    <message>
        <source> (needs SessionDock)</source>
        <translation> (erfordert SessionDock)</translation>
    </message>
    <message>
        <source>Token needed — copy it from SessionDock → Settings → Local API</source>
        <translation>Token erforderlich — kopieren Sie es aus SessionDock → Settings → Local API</translation>
    </message>
    <message>
        <source>Connecting to SessionDock…</source>
        <translation>Verbinde mit SessionDock…</translation>
    </message>
    <message>
        <source>SessionDock isn&apos;t running</source>
        <translation>SessionDock läuft nicht</translation>
    </message>
    <message>
        <source>Token needed — add it in Settings</source>
        <translation>Token erforderlich — tragen Sie es in den Einstellungen ein</translation>
    </message>
    <message>
        <source>Check the SessionDock address in Settings</source>
        <translation>Prüfen Sie die SessionDock-Adresse in den Einstellungen</translation>
    </message>
    <message>
        <source>Token rejected — update it in Settings</source>
        <translation>Token abgelehnt — aktualisieren Sie es in den Einstellungen</translation>
    </message>
    <message>
        <source>SessionDock isn&apos;t answering properly — retrying</source>
        <translation>SessionDock antwortet nicht richtig — neuer Versuch läuft</translation>
    </message>
    <message>
        <source>Waiting for SessionDock…</source>
        <translation>Warte auf SessionDock…</translation>
    </message>
    <message>
        <source>Open in DAW</source>
        <translation>In DAW öffnen</translation>
    </message>
    <message>
        <source>Token rejected — set the new token in SESSIONDOCK_TOKEN and restart the launcher (the environment variable wins over Settings){rest}</source>
        <translation>Token abgelehnt — setzen Sie das neue Token in SESSIONDOCK_TOKEN und starten Sie den Launcher neu (die Umgebungsvariable hat Vorrang vor den Einstellungen){rest}</translation>
    </message>
    <message>
        <source>The demo server stopped — the launcher is restarting it.</source>
        <translation>Der Demo-Server wurde beendet — der Launcher startet ihn neu.</translation>
    </message>
    <message>
        <source>Something went wrong ({kind}). Details are in the log.</source>
        <translation>Etwas ist schiefgelaufen ({kind}). Details stehen im Protokoll.</translation>
    </message>
    <message>
        <source>SessionDock can&apos;t focus sessions in this runtime. Open it in its DAW instead?</source>
        <translation>SessionDock kann in dieser Umgebung keine Sessions fokussieren. Stattdessen in ihrer DAW öffnen?</translation>
    </message>
    <message>
        <source>SessionDock couldn&apos;t focus “{title}”: {reason}. Open it in its DAW instead?</source>
        <translation>SessionDock konnte „{title}“ nicht fokussieren: {reason}. Stattdessen in ihrer DAW öffnen?</translation>
    </message>
    <message>
        <source>SessionDock couldn&apos;t open “{title}”: {reason}</source>
        <translation>SessionDock konnte „{title}“ nicht öffnen: {reason}</translation>
    </message>
    <message>
        <source>“{title}” no longer exists in SessionDock — removed it.</source>
        <translation>„{title}“ gibt es in SessionDock nicht mehr — aus der Liste entfernt.</translation>
    </message>
    <message>
        <source>SessionDock is read-only now; nothing was saved. {reason}</source>
        <translation>SessionDock ist jetzt schreibgeschützt; nichts wurde gespeichert. {reason}</translation>
    </message>
    <message>
        <source>Saving</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>{sentence}. Your input is kept.</source>
        <translation>{sentence}. Ihre Eingabe bleibt erhalten.</translation>
    </message>
    <message>
        <source>. Your input is kept.</source>
        <translation>. Ihre Eingabe bleibt erhalten.</translation>
    </message>
    <message>
        <source> (copy it from SessionDock → Settings → Local API).</source>
        <translation> (kopieren Sie es aus SessionDock → Settings → Local API).</translation>
    </message>
    <message>
        <source>“{title}” no longer exists in SessionDock — removed it. Your input is still in the editor.</source>
        <translation>„{title}“ gibt es in SessionDock nicht mehr — aus der Liste entfernt. Ihre Eingabe steht noch im Editor.</translation>
    </message>
    <message>
        <source>SessionDock refused {what}: {reason}</source>
        <translation>SessionDock hat {what} abgelehnt: {reason}</translation>
    </message>
    <message>
        <source>Couldn&apos;t save {what}: {reason} Your input is kept — Retry.</source>
        <translation>Konnte {what} nicht speichern: {reason} Ihre Eingabe bleibt erhalten — „Erneut versuchen“.</translation>
    </message>
    <message>
        <source>Couldn&apos;t save {what}: {reason}</source>
        <translation>Konnte {what} nicht speichern: {reason}</translation>
    </message>
    <message>
        <source>Discard this new session? What you entered will be lost.</source>
        <translation>Diese neue Session verwerfen? Ihre Eingaben gehen verloren.</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>Angeheftet</translation>
    </message>
    <message>
        <source>Pinned “{title}”: it heads the empty search and the tray menu</source>
        <translation>„{title}“ angeheftet: steht oben in der leeren Suche und im Tray-Menü</translation>
    </message>
    <message>
        <source>Unpinned “{title}”</source>
        <translation>„{title}“ nicht mehr angeheftet</translation>
    </message>
    <message>
        <source>Created “{title}” in SessionDock</source>
        <translation>„{title}“ in SessionDock angelegt</translation>
    </message>
    <message>
        <source>Nothing to import</source>
        <translation>Nichts zu importieren</translation>
    </message>
    <message>
        <source>Only projects on this computer can be imported</source>
        <translation>Nur Projekte auf diesem Computer können importiert werden</translation>
    </message>
    <message>
        <source>This SessionDock can&apos;t import right now: {reason}</source>
        <translation>Dieses SessionDock kann gerade nicht importieren: {reason}</translation>
    </message>
    <message>
        <source>The import didn&apos;t start: {reason}</source>
        <translation>Der Import wurde nicht gestartet: {reason}</translation>
    </message>
    <message>
        <source>You have an unsaved edit. Save or cancel it, or quit anyway.</source>
        <translation>Es gibt eine ungespeicherte Änderung. Speichern oder verwerfen Sie sie, oder beenden Sie trotzdem.</translation>
    </message>
    <message>
        <source>Could not save the settings ({kind}). Details are in the log.</source>
        <translation>Die Einstellungen konnten nicht gespeichert werden ({kind}). Details stehen im Protokoll.</translation>
    </message>
    <message>
        <source>Could not change launch at login: {reason}</source>
        <translation>„Beim Anmelden starten“ konnte nicht geändert werden: {reason}</translation>
    </message>
    <message>
        <source>Waiting for the results for “{text}”… (Esc cancels)</source>
        <translation>Warte auf die Ergebnisse für „{text}“… (Esc bricht ab)</translation>
    </message>
    <message>
        <source>No sessions yet: start SessionDock once so the launcher can store the library</source>
        <translation>Noch keine Sessions: Starten Sie SessionDock einmal, damit der Launcher die Bibliothek speichern kann</translation>
    </message>
    <message>
        <source>Could not save the pin: the launcher&apos;s library file is busy or its disk is full or read-only. Try again in a moment; details are in the log.</source>
        <translation>Die Anheftung konnte nicht gespeichert werden: Die Bibliotheksdatei des Launchers ist belegt oder ihr Datenträger ist voll oder schreibgeschützt. Versuchen Sie es gleich noch einmal; Details stehen im Protokoll.</translation>
    </message>
    <message>
        <source>Something went wrong talking to SessionDock.</source>
        <translation>Bei der Verbindung mit SessionDock ist etwas schiefgelaufen.</translation>
    </message>
    <message>
        <source>The SessionDock address {url} is not valid ({reason}). Use the address shown in SessionDock → Settings → Local API, e.g. http://127.0.0.1:18432/api/v1.</source>
        <translation>Die SessionDock-Adresse {url} ist ungültig ({reason}). Verwenden Sie die Adresse aus SessionDock → Settings → Local API, z. B. http://127.0.0.1:18432/api/v1.</translation>
    </message>
    <message>
        <source>The launcher will not send your SessionDock token to {url} ({reason}). Use http://127.0.0.1:18432/api/v1, or allow that host (https only) in Settings.</source>
        <translation>Der Launcher sendet Ihr SessionDock-Token nicht an {url} ({reason}). Verwenden Sie http://127.0.0.1:18432/api/v1 oder erlauben Sie diesen Host (nur https) in den Einstellungen.</translation>
    </message>
    <message>
        <source>No SessionDock token is set. Copy it from SessionDock → Settings → Local API into the launcher&apos;s Settings.</source>
        <translation>Kein SessionDock-Token gesetzt. Kopieren Sie es aus SessionDock → Settings → Local API in die Einstellungen des Launchers.</translation>
    </message>
    <message>
        <source>The connection to SessionDock was closed. Restart the launcher if this persists.</source>
        <translation>Die Verbindung zu SessionDock wurde geschlossen. Starten Sie den Launcher neu, wenn das so bleibt.</translation>
    </message>
    <message>
        <source>SessionDock isn&apos;t running — start it, or check the address in Settings.</source>
        <translation>SessionDock läuft nicht — starten Sie es oder prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>SessionDock is not responding. Wait a moment and try again; if it stays busy, restart SessionDock.</source>
        <translation>SessionDock antwortet nicht. Warten Sie einen Moment und versuchen Sie es erneut; bleibt es beschäftigt, starten Sie SessionDock neu.</translation>
    </message>
    <message>
        <source>The connection to SessionDock was interrupted. Try again; if it keeps happening, restart SessionDock or check the address in Settings.</source>
        <translation>Die Verbindung zu SessionDock wurde unterbrochen. Versuchen Sie es erneut; passiert das öfter, starten Sie SessionDock neu oder prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>The launcher could not understand SessionDock&apos;s answer. Make sure the address in Settings points at SessionDock&apos;s Local API (…/api/v1) and that SessionDock is up to date.</source>
        <translation>Der Launcher konnte die Antwort von SessionDock nicht verstehen. Stellen Sie sicher, dass die Adresse in den Einstellungen auf die Local API von SessionDock zeigt (…/api/v1) und SessionDock aktuell ist.</translation>
    </message>
    <message>
        <source>SessionDock sent an answer far larger than any real one; the launcher stopped reading it and kept what it had. Check the address in Settings; restarting SessionDock may help.</source>
        <translation>SessionDock hat eine viel zu große Antwort geschickt; der Launcher hat aufgehört zu lesen und behält, was er hatte. Prüfen Sie die Adresse in den Einstellungen; ein Neustart von SessionDock kann helfen.</translation>
    </message>
    <message>
        <source>This can&apos;t be sent to SessionDock: the text contains a character that is not allowed (a control character or a broken Unicode character). Edit the text, or rename the session in SessionDock.</source>
        <translation>Das kann nicht an SessionDock gesendet werden: Der Text enthält ein unzulässiges Zeichen (ein Steuerzeichen oder ein defektes Unicode-Zeichen). Bearbeiten Sie den Text oder benennen Sie die Session in SessionDock um.</translation>
    </message>
    <message>
        <source>That preview file is too large to load.</source>
        <translation>Diese Vorschaudatei ist zu groß zum Laden.</translation>
    </message>
    <message>
        <source>SessionDock refused the request: {message}</source>
        <translation>SessionDock hat die Anfrage verweigert: {message}</translation>
    </message>
    <message>
        <source>SessionDock rejected the request: {message}</source>
        <translation>SessionDock hat die Anfrage abgelehnt: {message}</translation>
    </message>
    <message>
        <source>SessionDock could not open the session: {message}. Check that the project file still exists and its drive is connected.</source>
        <translation>SessionDock konnte die Session nicht öffnen: {message}. Prüfen Sie, ob die Projektdatei noch existiert und ihr Laufwerk angeschlossen ist.</translation>
    </message>
    <message>
        <source>SessionDock could not show the session ({message}). Bring SessionDock&apos;s window up, or use Open instead.</source>
        <translation>SessionDock konnte die Session nicht zeigen ({message}). Holen Sie das SessionDock-Fenster nach vorn oder verwenden Sie stattdessen „Öffnen“.</translation>
    </message>
    <message>
        <source>Token rejected — update it in Settings (copy it from SessionDock → Settings → Local API).</source>
        <translation>Token abgelehnt — aktualisieren Sie es in den Einstellungen (kopieren Sie es aus SessionDock → Settings → Local API).</translation>
    </message>
    <message>
        <source>This needs Full Automation: SessionDock → Settings → Local API → Full Automation.</source>
        <translation>Dafür ist „Full Automation“ nötig: SessionDock → Settings → Local API → Full Automation.</translation>
    </message>
    <message>
        <source>That session no longer exists in SessionDock. Refresh the list.</source>
        <translation>Diese Session gibt es in SessionDock nicht mehr. Aktualisieren Sie die Liste.</translation>
    </message>
    <message>
        <source>This isn&apos;t available in the running SessionDock: {message}</source>
        <translation>Das ist im laufenden SessionDock nicht verfügbar: {message}</translation>
    </message>
    <message>
        <source>This SessionDock cannot focus sessions. Use Open instead.</source>
        <translation>Dieses SessionDock kann keine Sessions fokussieren. Verwenden Sie stattdessen „Öffnen“.</translation>
    </message>
    <message>
        <source>SessionDock hit an internal error (HTTP {status}). Try again; if it keeps happening, restart SessionDock.</source>
        <translation>In SessionDock ist ein interner Fehler aufgetreten (HTTP {status}). Versuchen Sie es erneut; passiert das öfter, starten Sie SessionDock neu.</translation>
    </message>
    <message>
        <source>Editing tags</source>
        <translation>Tags bearbeiten</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Editing notes</source>
        <translation>Notizen bearbeiten</translation>
    </message>
    <message>
        <source>the tags</source>
        <translation>die Tags</translation>
    </message>
    <message>
        <source>the notes</source>
        <translation>die Notizen</translation>
    </message>
    <message>
        <source>the changes</source>
        <translation>die Änderungen</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Editing sessions</source>
        <translation>Sessions bearbeiten</translation>
    </message>
    <message>
        <source>changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>Creating sessions</source>
        <translation>Sessions anlegen</translation>
    </message>
    <message>
        <source>the new session</source>
        <translation>die neue Session</translation>
    </message>
    <message>
        <source>never opened</source>
        <translation>nie geöffnet</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>{n} min ago</source>
        <translation>vor {n} Min.</translation>
    </message>
    <message>
        <source>{n} h ago</source>
        <translation>vor {n} Std.</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>gestern</translation>
    </message>
    <message>
        <source>{n} days ago</source>
        <translation>vor {n} Tagen</translation>
    </message>
    <message>
        <source>{n} weeks ago</source>
        <translation>vor {n} Wochen</translation>
    </message>
    <message>
        <source>1 week ago</source>
        <translation>vor 1 Woche</translation>
    </message>
    <message>
        <source>Library sync failed ({status}) — retrying in {n} s</source>
        <translation>Synchronisierung der Bibliothek fehlgeschlagen ({status}) – neuer Versuch in {n} s</translation>
    </message>
    <message>
        <source>Library sync failed — retrying in {n} s</source>
        <translation>Synchronisierung der Bibliothek fehlgeschlagen – neuer Versuch in {n} s</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Connected · unknown mode</source>
        <translation>Verbunden · unbekannter Modus</translation>
    </message>
    <message>
        <source>Connected · {mode} (configured {configured})</source>
        <translation>Verbunden · {mode} (eingestellt: {configured})</translation>
    </message>
    <message>
        <source>Connected · {mode}</source>
        <translation>Verbunden · {mode}</translation>
    </message>
    <message>
        <source>SessionDock is not running and no library is stored yet. Start SessionDock.</source>
        <translation>SessionDock läuft nicht und es ist noch keine Bibliothek gespeichert. Starten Sie SessionDock.</translation>
    </message>
    <message>
        <source>{link}. Offline: {count} sessions stored, the first sync did not finish. Focusing and opening need SessionDock running.</source>
        <translation>{link}. Offline: {count} Sessions gespeichert, die erste Synchronisierung wurde nicht beendet. Fokussieren und Öffnen erfordern ein laufendes SessionDock.</translation>
    </message>
    <message>
        <source>{link}. Offline: library from {age} ({clock}). Focusing and opening need SessionDock running.</source>
        <translation>{link}. Offline: Bibliothek von {age} ({clock}). Fokussieren und Öffnen erfordern ein laufendes SessionDock.</translation>
    </message>
    <message>
        <source> It was kept as {path}.</source>
        <translation> Sie wurde als {path} aufbewahrt.</translation>
    </message>
    <message>
        <source>The stored library could not be used ({problem}).{kept} It is being rebuilt from SessionDock.</source>
        <translation>Die gespeicherte Bibliothek war nicht verwendbar ({problem}).{kept} Sie wird aus SessionDock neu aufgebaut.</translation>
    </message>
    <message>
        <source>The library cannot be stored at {path} ({problem}); it will be synced again on the next start.</source>
        <translation>Die Bibliothek kann nicht unter {path} gespeichert werden ({problem}); sie wird beim nächsten Start erneut synchronisiert.</translation>
    </message>
    <message>
        <source>SessionDock Launcher has no tray icon here</source>
        <translation>SessionDock Launcher hat hier kein Tray-Symbol</translation>
    </message>
    <message>
        <source>press {hotkey}, or run `{path}`</source>
        <translation>drücken Sie {hotkey} oder führen Sie `{path}` aus</translation>
    </message>
    <message>
        <source>run `{path}` (bind it to a shortcut in your desktop&apos;s keyboard settings)</source>
        <translation>führen Sie `{path}` aus (legen Sie dafür in den Tastatureinstellungen Ihres Desktops ein Kürzel an)</translation>
    </message>
    <message>
        <source>SessionDock Launcher is running, but this desktop shows no tray icon. To open the search palette, {reach}. On GNOME, the AppIndicator extension adds the tray icon: {url}</source>
        <translation>SessionDock Launcher läuft, aber dieser Desktop zeigt kein Tray-Symbol. Um die Suchpalette zu öffnen, {reach}. Unter GNOME fügt die Erweiterung AppIndicator das Tray-Symbol hinzu: {url}</translation>
    </message>
    <message>
        <source>Quit anyway</source>
        <translation>Trotzdem beenden</translation>
    </message>
    <message>
        <source>Editing</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>“{text}” is not a shortcut: write it like Control+Alt+Space.</source>
        <translation>„{text}“ ist kein Tastenkürzel: schreiben Sie es wie Control+Alt+Space.</translation>
    </message>
    <message>
        <source>“{text}” is not a key a global shortcut can use. Use a letter, a digit, F1–F24, Space, Return, Tab, Escape, arrows, Home/End or PageUp/PageDown.</source>
        <translation>„{text}“ ist keine Taste, die ein globales Tastenkürzel verwenden kann. Verwenden Sie einen Buchstaben, eine Ziffer, F1–F24, Space, Return, Tab, Escape, Pfeiltasten, Home/End oder PageUp/PageDown.</translation>
    </message>
    <message>
        <source>“{text}” has two keys ({hotkey}); a shortcut has one.</source>
        <translation>„{text}“ hat zwei Tasten ({hotkey}); ein Tastenkürzel hat eine.</translation>
    </message>
    <message>
        <source>“{text}” has only modifiers; add a key, e.g. Control+Alt+Space.</source>
        <translation>„{text}“ besteht nur aus Modifikatortasten; fügen Sie eine Taste hinzu, z. B. Control+Alt+Space.</translation>
    </message>
    <message>
        <source>{hotkey} would take the key away from every application (your DAW included). Add a modifier, e.g. {chord}.</source>
        <translation>{hotkey} würde die Taste allen Anwendungen wegnehmen (auch Ihrer DAW). Fügen Sie eine Modifikatortaste hinzu, z. B. {chord}.</translation>
    </message>
    <message>
        <source>Space is the transport (play/stop) key in every DAW.</source>
        <translation>Die Leertaste ist in jeder DAW die Transporttaste (Start/Stopp).</translation>
    </message>
    <message>
        <source>{hotkey} would take the key away from typing in every application.</source>
        <translation>{hotkey} würde die Taste beim Tippen in jeder Anwendung wegnehmen.</translation>
    </message>
    <message>
        <source>macOS 15 and later ignore shortcuts made of only ⌥ or ⌥⇧; add ⌃ or ⌘.</source>
        <translation>macOS 15 und neuer ignorieren Kürzel nur aus ⌥ oder ⌥⇧; fügen Sie ⌃ oder ⌘ hinzu.</translation>
    </message>
    <message>
        <source>{hotkey} is an everyday shortcut in most applications.</source>
        <translation>{hotkey} ist in den meisten Anwendungen ein alltägliches Tastenkürzel.</translation>
    </message>
    <message>
        <source>⌥Space types a non-breaking space on a Mac.</source>
        <translation>⌥Leertaste tippt auf dem Mac ein geschütztes Leerzeichen.</translation>
    </message>
    <message>
        <source>Alt+Space opens the window menu on Windows and KRunner on KDE.</source>
        <translation>Alt+Leertaste öffnet unter Windows das Fenstermenü und unter KDE KRunner.</translation>
    </message>
    <message>
        <source>⌘Space is Spotlight.</source>
        <translation>⌘Leertaste ist Spotlight.</translation>
    </message>
    <message>
        <source>{hotkey} opens the Start menu search or switches the keyboard layout.</source>
        <translation>{hotkey} öffnet die Suche im Startmenü oder wechselt die Tastaturbelegung.</translation>
    </message>
    <message>
        <source>{hotkey} switches input sources and is a completion key in many editors.</source>
        <translation>{hotkey} wechselt die Eingabequelle und ist in vielen Editoren die Vervollständigungstaste.</translation>
    </message>
    <message>
        <source>SessionDock accepted {n} project for import; it appears as soon as it finishes.</source>
        <translation>SessionDock hat {n} Projekt zum Import angenommen; es erscheint, sobald der Import fertig ist.</translation>
    </message>
    <message>
        <source>SessionDock accepted {n} projects for import; they appear as soon as it finishes.</source>
        <translation>SessionDock hat {n} Projekte zum Import angenommen; sie erscheinen, sobald der Import fertig ist.</translation>
    </message>
    <message>
        <source>Imported {count} of {n} project{details}</source>
        <translation>{count} von {n} Projekt importiert{details}</translation>
    </message>
    <message>
        <source>Imported {count} of {n} projects{details}</source>
        <translation>{count} von {n} Projekten importiert{details}</translation>
    </message>
    <message>
        <source>, {n} already in SessionDock, {count} failed</source>
        <translation>, {n} schon in SessionDock, {count} fehlgeschlagen</translation>
    </message>
    <message>
        <source>, {n} already in SessionDock</source>
        <translation>, {n} schon in SessionDock</translation>
    </message>
    <message>
        <source>, {n} failed</source>
        <translation>, {n} fehlgeschlagen</translation>
    </message>
    <message>
        <source>The hotkey service has been shut down.</source>
        <translation>Der Tastenkürzel-Dienst wurde beendet.</translation>
    </message>
    <message>
        <source>Macs have no {hotkey} key; pick another shortcut in Settings.</source>
        <translation>Macs haben keine Taste {hotkey}; wählen Sie in den Einstellungen ein anderes Kürzel.</translation>
    </message>
    <message>
        <source>macOS ignores {hotkey}: shortcuts made of only ⌥ or ⌥⇧ do not work since macOS 15. Add ⌃ or ⌘ in Settings.</source>
        <translation>macOS ignoriert {hotkey}: Kürzel nur aus ⌥ oder ⌥⇧ funktionieren seit macOS 15 nicht. Fügen Sie in den Einstellungen ⌃ oder ⌘ hinzu.</translation>
    </message>
    <message>
        <source>Cannot reach the desktop&apos;s session bus ({problem}).</source>
        <translation>Der Sitzungsbus des Desktops ist nicht erreichbar ({problem}).</translation>
    </message>
    <message>
        <source>The session bus did not tell us our name.</source>
        <translation>Der Sitzungsbus hat uns keinen Namen mitgeteilt.</translation>
    </message>
    <message>
        <source>The desktop portal opened no shortcut session.</source>
        <translation>Das Desktop-Portal hat keine Tastenkürzel-Sitzung geöffnet.</translation>
    </message>
    <message>
        <source>The desktop did not bind the shortcut.</source>
        <translation>Der Desktop hat das Tastenkürzel nicht eingerichtet.</translation>
    </message>
    <message>
        <source>The desktop&apos;s shortcut dialog was cancelled.</source>
        <translation>Der Tastenkürzel-Dialog des Desktops wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The desktop refused the global shortcut.</source>
        <translation>Der Desktop hat das globale Tastenkürzel abgelehnt.</translation>
    </message>
    <message>
        <source>The X11 hotkey needs python-xlib, which is missing.</source>
        <translation>Das X11-Tastenkürzel braucht python-xlib, das fehlt.</translation>
    </message>
    <message>
        <source>Cannot connect to the X server ({problem}).</source>
        <translation>Keine Verbindung zum X-Server ({problem}).</translation>
    </message>
    <message>
        <source>The keyboard layout of this X server has no {hotkey} key.</source>
        <translation>Die Tastaturbelegung dieses X-Servers hat keine Taste {hotkey}.</translation>
    </message>
    <message>
        <source>The connection to the X server was lost.</source>
        <translation>Die Verbindung zum X-Server ist abgebrochen.</translation>
    </message>
    <message>
        <source>Open Settings</source>
        <translation>Einstellungen öffnen</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Jetzt erneut versuchen</translation>
    </message>
</context>
<context>
    <name>NewSessionForm</name>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <source>tags {tags}</source>
        <translation>Tags {tags}</translation>
    </message>
    <message>
        <source>Copied the project path of “{title}”</source>
        <translation>Projektpfad von „{title}“ kopiert</translation>
    </message>
    <message>
        <source>Copied the notes of “{title}”</source>
        <translation>Notizen von „{title}“ kopiert</translation>
    </message>
    <message>
        <source>The project isn&apos;t on this computer: {path}</source>
        <translation>Das Projekt ist nicht auf diesem Computer: {path}</translation>
    </message>
    <message>
        <source>No file manager could open {path}</source>
        <translation>Kein Dateimanager konnte {path} öffnen</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Search sessions</source>
        <translation>Sessions suchen</translation>
    </message>
    <message>
        <source>Search sessions…   #tag  kind:Ableton  status:mixing  recent</source>
        <translation>Sessions suchen…   #tag  kind:Ableton  status:mixing  recent</translation>
    </message>
    <message>
        <source>Narrow it down with a filter
#tag  ·  kind:Ableton  ·  status:mixing  ·  recent
Words match titles, tags, kinds and the start of the notes.</source>
        <translation>Mit einem Filter eingrenzen
#tag  ·  kind:Ableton  ·  status:mixing  ·  recent
Wörter passen auf Titel, Tags, Arten und den Anfang der Notizen.</translation>
    </message>
    <message>
        <source>No results</source>
        <translation>Keine Ergebnisse</translation>
    </message>
    <message>
        <source>Search help</source>
        <translation>Suchhilfe</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>Neue Session</translation>
    </message>
    <message>
        <source>+  New session “{title}”</source>
        <translation>+  Neue Session „{title}“</translation>
    </message>
    <message>
        <source>+  New session “{title}” {filters}</source>
        <translation>+  Neue Session „{title}“ {filters}</translation>
    </message>
</context>
<context>
    <name>PaletteWindow</name>
    <message>
        <source>Result count</source>
        <translation>Anzahl der Ergebnisse</translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation>Synchronisierungsstatus</translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <source>Keyboard hints</source>
        <translation>Tastaturhinweise</translation>
    </message>
    <message>
        <source>Recent sessions</source>
        <translation>Zuletzt verwendete Sessions</translation>
    </message>
    <message>
        <source>{link}
The launcher reconnects by itself.</source>
        <translation>{link}
Der Launcher verbindet sich von selbst wieder.</translation>
    </message>
    <message>
        <source>SessionDock couldn&apos;t search for “{text}”. Type to try again.</source>
        <translation>SessionDock konnte nicht nach „{text}“ suchen. Tippen Sie weiter, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>Searching for “{text}”…</source>
        <translation>Suche nach „{text}“…</translation>
    </message>
    <message>
        <source>No sessions match “{text}”</source>
        <translation>Keine Sessions passen zu „{text}“</translation>
    </message>
    <message>
        <source>Loading your library…</source>
        <translation>Ihre Bibliothek wird geladen…</translation>
    </message>
    <message>
        <source>No sessions yet</source>
        <translation>Noch keine Sessions</translation>
    </message>
</context>
<context>
    <name>Plurals</name>
    <message numerus="yes">
        <source>%Ln session(s)</source>
        <translation>
            <numerusform>%Ln Session</numerusform>
            <numerusform>%Ln Sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln result(s)</source>
        <translation>
            <numerusform>%Ln Ergebnis</numerusform>
            <numerusform>%Ln Ergebnisse</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Top {rows} of %Ln result(s)</source>
        <translation>
            <numerusform>Die besten {rows} von %Ln Ergebnis</numerusform>
            <numerusform>Die besten {rows} von %Ln Ergebnissen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln min ago</source>
        <translation>
            <numerusform>vor %Ln Min.</numerusform>
            <numerusform>vor %Ln Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln h ago</source>
        <translation>
            <numerusform>vor %Ln Std.</numerusform>
            <numerusform>vor %Ln Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s) ago</source>
        <translation>
            <numerusform>vor %Ln Tag</numerusform>
            <numerusform>vor %Ln Tagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln week(s) ago</source>
        <translation>
            <numerusform>vor %Ln Woche</numerusform>
            <numerusform>vor %Ln Wochen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <source>No audio output device — previews play silently</source>
        <translation>Kein Audio-Ausgabegerät — Vorschauen laufen stumm</translation>
    </message>
    <message>
        <source>Audio preview unavailable: {reason}</source>
        <translation>Audio-Vorschau nicht verfügbar: {reason}</translation>
    </message>
    <message>
        <source>The preview is still being generated in SessionDock</source>
        <translation>Die Vorschau wird in SessionDock noch erzeugt</translation>
    </message>
    <message>
        <source>No audio preview for this session</source>
        <translation>Keine Audio-Vorschau für diese Session</translation>
    </message>
    <message>
        <source>The preview isn&apos;t audio ({kind})</source>
        <translation>Die Vorschau ist kein Audio ({kind})</translation>
    </message>
    <message>
        <source>Loading preview…</source>
        <translation>Vorschau wird geladen…</translation>
    </message>
    <message>
        <source>The preview is too large to audition</source>
        <translation>Die Vorschau ist zu groß zum Anhören</translation>
    </message>
    <message>
        <source>SessionDock has no preview audio for it</source>
        <translation>SessionDock hat dafür kein Vorschau-Audio</translation>
    </message>
    <message>
        <source>Couldn&apos;t load the preview: {reason}</source>
        <translation>Die Vorschau konnte nicht geladen werden: {reason}</translation>
    </message>
    <message>
        <source>Couldn&apos;t cache the preview: {reason}</source>
        <translation>Die Vorschau konnte nicht zwischengespeichert werden: {reason}</translation>
    </message>
    <message>
        <source>Not connected to SessionDock</source>
        <translation>Nicht mit SessionDock verbunden</translation>
    </message>
    <message>
        <source>Playback failed: {reason}</source>
        <translation>Wiedergabe fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <source>unknown format</source>
        <translation>unbekanntes Format</translation>
    </message>
    <message>
        <source>This preview can&apos;t be played ({kind})</source>
        <translation>Diese Vorschau kann nicht abgespielt werden ({kind})</translation>
    </message>
    <message>
        <source>Save or cancel “{title}” first</source>
        <translation>Speichern oder verwerfen Sie zuerst „{title}“</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Kind and status</source>
        <translation>Art und Status</translation>
    </message>
    <message>
        <source>No tags</source>
        <translation>Keine Tags</translation>
    </message>
    <message>
        <source>Playback time</source>
        <translation>Wiedergabezeit</translation>
    </message>
    <message>
        <source>Audio state</source>
        <translation>Audio-Status</translation>
    </message>
    <message>
        <source>Previews</source>
        <translation>Vorschauen</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Last opened</source>
        <translation>Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Preview keys</source>
        <translation>Tasten der Vorschau</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>Nichts ausgewählt</translation>
    </message>
    <message>
        <source>Unknown kind</source>
        <translation>Unbekannte Art</translation>
    </message>
    <message>
        <source>No notes</source>
        <translation>Keine Notizen</translation>
    </message>
    <message>
        <source>No project path</source>
        <translation>Kein Projektpfad</translation>
    </message>
    <message>
        <source>Opened {when}</source>
        <translation>Geöffnet: {when}</translation>
    </message>
    <message>
        <source>Never opened</source>
        <translation>Nie geöffnet</translation>
    </message>
    <message>
        <source>Loading waveform…</source>
        <translation>Wellenform wird geladen…</translation>
    </message>
    <message>
        <source>Waveform unavailable</source>
        <translation>Wellenform nicht verfügbar</translation>
    </message>
    <message>
        <source>Preview is being generated…</source>
        <translation>Vorschau wird erzeugt…</translation>
    </message>
    <message>
        <source>No preview yet</source>
        <translation>Noch keine Vorschau</translation>
    </message>
    <message>
        <source>Waveform</source>
        <translation>Wellenform</translation>
    </message>
    <message>
        <source>Waveform, {duration} long</source>
        <translation>Wellenform, {duration} lang</translation>
    </message>
    <message>
        <source>(no text)</source>
        <translation>(kein Text)</translation>
    </message>
    <message>
        <source>Play preview</source>
        <translation>Vorschau abspielen</translation>
    </message>
    <message>
        <source>Pause preview</source>
        <translation>Vorschau pausieren</translation>
    </message>
    <message>
        <source>Artwork</source>
        <translation>Artwork</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Preview lanes</source>
        <translation>Vorschau-Spuren</translation>
    </message>
    <message>
        <source>Play {name}</source>
        <translation>{name} abspielen</translation>
    </message>
    <message>
        <source>Play “{name}” ({key})</source>
        <translation>„{name}“ abspielen ({key})</translation>
    </message>
    <message>
        <source>Play “{name}”</source>
        <translation>„{name}“ abspielen</translation>
    </message>
    <message>
        <source>Playing lane</source>
        <translation>Spielende Spur</translation>
    </message>
    <message>
        <source>Keys that play a lane</source>
        <translation>Tasten, die eine Spur abspielen</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>&lt;b&gt;Connect to SessionDock.&lt;/b&gt; In SessionDock open &lt;i&gt;Settings → Local API&lt;/i&gt;, enable it, pick a mode (&lt;i&gt;Full Automation&lt;/i&gt; lets the launcher focus and open sessions; &lt;i&gt;Read-only&lt;/i&gt; is enough to search) and copy the token into the field below.</source>
        <translation>&lt;b&gt;Mit SessionDock verbinden.&lt;/b&gt; Öffnen Sie in SessionDock &lt;i&gt;Settings → Local API&lt;/i&gt;, aktivieren Sie sie, wählen Sie einen Modus (&lt;i&gt;Full Automation&lt;/i&gt; lässt den Launcher Sessions fokussieren und öffnen; &lt;i&gt;Read-only&lt;/i&gt; genügt zum Suchen) und kopieren Sie das Token in das Feld unten.</translation>
    </message>
    <message>
        <source>Set by {name}; remove that environment variable to change it here.</source>
        <translation>Gesetzt durch {name}; entfernen Sie diese Umgebungsvariable, um den Wert hier zu ändern.</translation>
    </message>
    <message>
        <source>Demo mode: connected to the built-in simulator. Start without --demo to connect to SessionDock.</source>
        <translation>Demo-Modus: verbunden mit dem eingebauten Simulator. Starten Sie ohne --demo, um sich mit SessionDock zu verbinden.</translation>
    </message>
    <message>
        <source>SessionDock Launcher Settings</source>
        <translation>Einstellungen von SessionDock Launcher</translation>
    </message>
    <message>
        <source>How to connect</source>
        <translation>So verbinden Sie sich</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Tastatur</translation>
    </message>
    <message>
        <source>Global hotkey</source>
        <translation>Globales Tastenkürzel</translation>
    </message>
    <message>
        <source>Press the chord. {chord} avoids DAW transport keys.</source>
        <translation>Drücken Sie die Tastenkombination. {chord} kollidiert nicht mit den Transporttasten der DAW.</translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Settings error</source>
        <translation>Fehler in den Einstellungen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>SessionDock API address</source>
        <translation>Adresse der SessionDock-API</translation>
    </message>
    <message>
        <source>API address</source>
        <translation>API-Adresse</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <source>Paste the token from SessionDock → Settings → Local API</source>
        <translation>Token aus SessionDock → Settings → Local API einfügen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Show token</source>
        <translation>Token anzeigen</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <source>Palette</source>
        <translation>Palette</translation>
    </message>
    <message>
        <source>Results shown</source>
        <translation>Angezeigte Ergebnisse</translation>
    </message>
    <message>
        <source>Palette placement</source>
        <translation>Position der Palette</translation>
    </message>
    <message>
        <source>On the screen under the mouse</source>
        <translation>Auf dem Bildschirm unter der Maus</translation>
    </message>
    <message>
        <source>On the primary screen</source>
        <translation>Auf dem Hauptbildschirm</translation>
    </message>
    <message>
        <source>Opens</source>
        <translation>Öffnet</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Start-up</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Start SessionDock Launcher when I log in</source>
        <translation>SessionDock Launcher beim Anmelden starten</translation>
    </message>
    <message>
        <source>Launch at login</source>
        <translation>Beim Anmelden starten</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Teste…</translation>
    </message>
    <message>
        <source>mode {mode}</source>
        <translation>Modus {mode}</translation>
    </message>
    <message>
        <source> (configured {mode})</source>
        <translation> (eingestellt: {mode})</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>not running</source>
        <translation>läuft nicht</translation>
    </message>
    <message>
        <source> — focus/open need Full Automation</source>
        <translation> — Fokussieren/Öffnen erfordern „Full Automation“</translation>
    </message>
    <message>
        <source>✓ Connected: SessionDock {running}, {modes}{hint}</source>
        <translation>✓ Verbunden: SessionDock {running}, {modes}{hint}</translation>
    </message>
    <message>
        <source>Choose a hotkey (e.g. {chord}).</source>
        <translation>Wählen Sie ein Tastenkürzel (z. B. {chord}).</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Syncing {received} / {total}</source>
        <translation>Synchronisiere {received} / {total}</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisiere…</translation>
    </message>
</context>
<context>
    <name>TagEditor</name>
    <message>
        <source>Add a tag… (Enter adds it)</source>
        <translation>Tag hinzufügen… (Enter fügt hinzu)</translation>
    </message>
    <message>
        <source>Tag suggestions</source>
        <translation>Tag-Vorschläge</translation>
    </message>
    <message>
        <source>Enter adds · Backspace removes the last · Ctrl+Enter saves</source>
        <translation>Enter fügt hinzu · Rücktaste entfernt den letzten · Strg+Enter speichert</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Message action</source>
        <translation>Aktion der Meldung</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
    <message>
        <source>Dismiss (Esc)</source>
        <translation>Schließen (Esc)</translation>
    </message>
    <message>
        <source>{text} (Tab reaches “{action}”)</source>
        <translation>{text} (Tab erreicht „{action}“)</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>SessionDock Launcher menu</source>
        <translation>Menü von SessionDock Launcher</translation>
    </message>
    <message>
        <source>SessionDock Launcher — {state}</source>
        <translation>SessionDock Launcher — {state}</translation>
    </message>
    <message>
        <source>SessionDock Launcher</source>
        <translation>SessionDock Launcher</translation>
    </message>
    <message>
        <source>Search sessions…</source>
        <translation>Sessions suchen…</translation>
    </message>
    <message>
        <source>New session…</source>
        <translation>Neue Session…</translation>
    </message>
    <message>
        <source>Pinned sessions</source>
        <translation>Angeheftete Sessions</translation>
    </message>
    <message>
        <source>Recent sessions</source>
        <translation>Zuletzt verwendete Sessions</translation>
    </message>
    <message>
        <source>Open latest session</source>
        <translation>Letzte Session öffnen</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
</context>
</TS>
