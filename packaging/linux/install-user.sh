#!/bin/sh
# Install this unpacked SessionDock Launcher bundle for the current user (no root needed):
# the two commands in ~/.local/bin, the menu entry and the icons in ~/.local/share.
# Usage: ./install-user.sh            install (again: it updates the paths)
#        ./install-user.sh --remove   undo
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${XDG_BIN_HOME:-$HOME/.local/bin}
data=${XDG_DATA_HOME:-$HOME/.local/share}
app=sessiondock-launcher
id=com.sessiondock.Launcher   # the app id: desktop file name (desktop/app_id.py)
icons=$(cd "$here/share/icons/hicolor" && find . -type f)

if [ "${1:-}" = "--remove" ]; then
    rm -f "$bin/$app" "$bin/$app-ctl" "$data/applications/$id.desktop" "$data/applications/$app.desktop"
    for icon in $icons; do rm -f "$data/icons/hicolor/$icon"; done
    echo "Removed SessionDock Launcher from $bin and $data"
    exit 0
fi

mkdir -p "$bin" "$data/applications"
ln -sf "$here/$app" "$bin/$app"
ln -sf "$here/$app-ctl" "$bin/$app-ctl"
for icon in $icons; do
    mkdir -p "$(dirname "$data/icons/hicolor/$icon")"
    cp "$here/share/icons/hicolor/$icon" "$data/icons/hicolor/$icon"
done
# Absolute paths, so the entry works even where ~/.local/bin is not on the desktop's PATH.
sed -e "s|^TryExec=$app\$|TryExec=$here/$app|" \
    -e "s|^Exec=$app-ctl |Exec=\"$here/$app-ctl\" |" \
    -e "s|^Exec=$app\$|Exec=\"$here/$app\"|" \
    -e "s|^Exec=$app |Exec=\"$here/$app\" |" \
    "$here/share/applications/$id.desktop" > "$data/applications/$id.desktop"
rm -f "$data/applications/$app.desktop"   # the entry of versions before the reverse-DNS id
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "Installed: $bin/$app, $bin/$app-ctl and the menu entry (bind '$app-ctl --toggle' to a shortcut)"
