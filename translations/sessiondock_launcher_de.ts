<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>Dates</name>
    <message>
        <source>never opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Editors</name>
    <message>
        <source>Import a project folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes — {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes for this session (Ctrl+Enter saves, Esc cancels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter saves · Esc cancels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes are limited to {count} characters here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DAW projects ({patterns});;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the session a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the title under {count} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit — {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Launch cue prep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: /path/to/project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project path must be a full path (use Choose…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tags yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a tag…  (Enter adds, Backspace removes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags — {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>{what} needs Full Automation: SessionDock → Settings → Local API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} needs SessionDock: {link_text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Esc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PgUp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PgDn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seek</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (needs Full Automation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (token needed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (needs SessionDock)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token needed — copy it from SessionDock → Settings → Local API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to SessionDock…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock isn&apos;t running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token needed — add it in Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the SessionDock address in Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token rejected — update it in Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock isn&apos;t answering properly — retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for SessionDock…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in DAW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token rejected — set the new token in SESSIONDOCK_TOKEN and restart the launcher (the environment variable wins over Settings){rest}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo server stopped — the launcher is restarting it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong ({kind}). Details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock can&apos;t focus sessions in this runtime. Open it in its DAW instead?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock couldn&apos;t focus “{title}”: {reason}. Open it in its DAW instead?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock couldn&apos;t open “{title}”: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{title}” no longer exists in SessionDock — removed it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock is read-only now; nothing was saved. {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{sentence}. Your input is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>. Your input is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (copy it from SessionDock → Settings → Local API).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{title}” no longer exists in SessionDock — removed it. Your input is still in the editor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock refused {what}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Couldn&apos;t save {what}: {reason} Your input is kept — Retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Couldn&apos;t save {what}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard this new session? What you entered will be lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created “{title}” in SessionDock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only projects on this computer can be imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This SessionDock can&apos;t import right now: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import didn&apos;t start: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have an unsaved edit. Save or cancel it, or quit anyway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the settings ({kind}). Details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change launch at login: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the results for “{text}”… (Esc cancels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sessions yet: start SessionDock once so the launcher can store the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the pin: the launcher&apos;s library file is busy or its disk is full or read-only. Try again in a moment; details are in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong talking to SessionDock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SessionDock address {url} is not valid ({reason}). Use the address shown in SessionDock → Settings → Local API, e.g. http://127.0.0.1:18432/api/v1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The launcher will not send your SessionDock token to {url} ({reason}). Use http://127.0.0.1:18432/api/v1, or allow that host (https only) in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No SessionDock token is set. Copy it from SessionDock → Settings → Local API into the launcher&apos;s Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to SessionDock was closed. Restart the launcher if this persists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock isn&apos;t running — start it, or check the address in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock is not responding. Wait a moment and try again; if it stays busy, restart SessionDock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to SessionDock was interrupted. Try again; if it keeps happening, restart SessionDock or check the address in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The launcher could not understand SessionDock&apos;s answer. Make sure the address in Settings points at SessionDock&apos;s Local API (…/api/v1) and that SessionDock is up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock sent an answer far larger than any real one; the launcher stopped reading it and kept what it had. Check the address in Settings; restarting SessionDock may help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This can&apos;t be sent to SessionDock: the text contains a character that is not allowed (a control character or a broken Unicode character). Edit the text, or rename the session in SessionDock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That preview file is too large to load.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock refused the request: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock rejected the request: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock could not open the session: {message}. Check that the project file still exists and its drive is connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock could not show the session ({message}). Bring SessionDock&apos;s window up, or use Open instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token rejected — update it in Settings (copy it from SessionDock → Settings → Local API).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This needs Full Automation: SessionDock → Settings → Local API → Full Automation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That session no longer exists in SessionDock. Refresh the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This isn&apos;t available in the running SessionDock: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This SessionDock cannot focus sessions. Use Open instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock hit an internal error (HTTP {status}). Try again; if it keeps happening, restart SessionDock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the new session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} min ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} h ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} days ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} weeks ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 week ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected · {mode} (configured {configured})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected · {mode}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock is not running and no library is stored yet. Start SessionDock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{link}. Offline: library from {age} ({clock}). Focusing and opening need SessionDock running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> It was kept as {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored library could not be used ({problem}).{kept} It is being rebuilt from SessionDock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library cannot be stored at {path} ({problem}); it will be synced again on the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock Launcher has no tray icon here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>press {hotkey}, or run `{path}`</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run `{path}` (bind it to a shortcut in your desktop&apos;s keyboard settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock Launcher is running, but this desktop shows no tray icon. To open the search palette, {reach}. On GNOME, the AppIndicator extension adds the tray icon: {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Editing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <source>tags {tags}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions for {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focus in SessionDock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in DAW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy project path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reveal in file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit tags…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit notes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit title and status…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import project folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the project path of “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the notes of “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project isn&apos;t on this computer: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file manager could open {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search sessions…   #tag  kind:Ableton  status:mixing  recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Narrow it down with a filter
#tag  ·  kind:Ableton  ·  status:mixing  ·  recent
Words match titles, tags, kinds and the start of the notes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+  New session “{title}”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaletteWindow</name>
    <message>
        <source>Recent sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{link}
The launcher reconnects by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sessions match “{text}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading your library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sessions yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Plurals</name>
    <message numerus="yes">
        <source>%Ln session(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln result(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Top {rows} of %Ln result(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln min ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln h ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s) ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln week(s) ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <source>No audio output device — previews play silently</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio preview unavailable: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preview is still being generated in SessionDock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No audio preview for this session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preview isn&apos;t audio ({kind})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading preview…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preview is too large to audition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock has no preview audio for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Couldn&apos;t load the preview: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Couldn&apos;t cache the preview: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to SessionDock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback failed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This preview can&apos;t be played ({kind})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save or cancel “{title}” first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind and status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No project path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading waveform…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waveform unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview is being generated…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No preview yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waveform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waveform, {duration} long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artwork</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>&lt;b&gt;Connect to SessionDock.&lt;/b&gt; In SessionDock open &lt;i&gt;Settings → Local API&lt;/i&gt;, enable it, pick a mode (&lt;i&gt;Full Automation&lt;/i&gt; lets the launcher focus and open sessions; &lt;i&gt;Read-only&lt;/i&gt; is enough to search) and copy the token into the field below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set by {name}; remove that environment variable to change it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode: connected to the built-in simulator. Start without --demo to connect to SessionDock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock Launcher Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Global hotkey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press the chord. {chord} avoids DAW transport keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock API address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the token from SessionDock → Settings → Local API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start SessionDock Launcher when I log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Launch at login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Palette placement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the screen under the mouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the primary screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Palette</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mode {mode}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (configured {mode})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — focus/open need Full Automation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ Connected: SessionDock {running}, {modes}{hint}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a hotkey (e.g. {chord}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Syncing {received} / {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>SessionDock Launcher menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock Launcher — {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SessionDock Launcher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search sessions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pinned sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open latest session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
