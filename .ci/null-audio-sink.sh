# Sourced by .ci/run and by the release workflow's Linux job (.github/workflows/release.yml):
# start_null_audio_sink starts a PulseAudio daemon with only a null sink and exports PULSE_SERVER.
# A PulseAudio daemon with only a null sink, in a private folder: CI runs as root with no session
# bus and no sound card. Without it QtMultimedia sees no audio output and playback is never
# exercised. The daemon is ours alone (PULSE_SERVER points at its socket) and stops on exit.
start_null_audio_sink() {
    pulse_dir="$(mktemp -d /tmp/sessiondock-ci-pulse.XXXXXX)"
    env -u DBUS_SESSION_BUS_ADDRESS HOME="$pulse_dir" \
        PULSE_RUNTIME_PATH="$pulse_dir" PULSE_STATE_PATH="$pulse_dir" \
        pulseaudio --daemonize=yes --system=false --exit-idle-time=-1 \
        --disallow-exit --disallow-module-loading=no -n --use-pid-file=yes \
        --load="module-null-sink sink_name=ci_null sink_properties=device.description=CI-null" \
        --load="module-native-protocol-unix auth-anonymous=1 socket=$pulse_dir/native" \
        --log-target="file:$pulse_dir/pulseaudio.log"
    export PULSE_SERVER="unix:$pulse_dir/native"
    pulse_pid="$(cat "$pulse_dir/pid")"
    trap 'kill "$pulse_pid" 2>/dev/null || true; rm -rf "$pulse_dir"' EXIT
    # What the tests will see: QtMultimedia must list the sink under the test environment.
    QT_QPA_PLATFORM=offscreen .venv/bin/python - <<'PY'
import sys
from PySide6.QtWidgets import QApplication
from PySide6.QtMultimedia import QMediaDevices
app = QApplication([])
outputs = [d.description() for d in QMediaDevices.audioOutputs()]
print("audio outputs:", outputs)
sys.exit(0 if outputs else "the null audio sink is not visible to QtMultimedia")
PY
}

