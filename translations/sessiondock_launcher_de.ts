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
        <source>{message}. Your input is kept.</source>
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
</TS>
