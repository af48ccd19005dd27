"""Real audio for tests: a PulseAudio null sink as the microphone, espeak-ng as the voice.

PortAudio reaches the server through ALSA's pulse plugin (devices "pulse"/"default").
Whatever is played into the sink ``vsink`` is heard on its monitor, which is the
default source, so a recorder on device "pulse" captures it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path


class PulseServer:
    """A user-mode PulseAudio server with one null sink, private to a test run."""

    def __init__(self, rundir: Path) -> None:
        self.rundir = rundir
        self.rundir.mkdir(parents=True, exist_ok=True)
        self.env = {
            "PULSE_RUNTIME_PATH": str(rundir),
            "PULSE_SERVER": f"unix:{rundir}/native",
            "PULSE_SOURCE": "vsink.monitor",
            "PULSE_SINK": "vsink",
        }
        self._keepalive: subprocess.Popen[bytes] | None = None

    def _run_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self.env)
        return env

    def start(self) -> None:
        if shutil.which("pulseaudio") is None:
            raise RuntimeError("pulseaudio is not installed (run `make setup`)")
        subprocess.run(
            [
                "pulseaudio", "-n", "--daemonize=yes", "--use-pid-file=yes",
                "--exit-idle-time=-1", f"--log-target=file:{self.rundir}/pulse.log",
                f"--load=module-native-protocol-unix auth-anonymous=1 socket={self.rundir}/native",
                "--load=module-null-sink sink_name=vsink rate=48000 channels=1",
                "--load=module-always-sink",
            ],
            env=self._run_env(), check=True, timeout=20,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if subprocess.run(["pactl", "info"], env=self._run_env(),
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("PulseAudio did not start")
        # An idle null sink delivers audio in 2 s blocks; one low-latency reader on the
        # monitor keeps it streaming so new capture streams get audio within ~25 ms.
        self._keepalive = subprocess.Popen(
            ["parec", "--device=vsink.monitor", "--latency-msec=10"],
            env=self._run_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(0.2)

    def pid(self) -> int | None:
        """The server's pid, None once it is gone (its pid file outlives a SIGKILL, and
        the number may by then belong to another process, which must not be signalled)."""
        pidfile = self.rundir / "pid"
        try:
            pid = int(pidfile.read_text().split()[0])
            comm = Path(f"/proc/{pid}/comm").read_text().strip()
        except (OSError, ValueError, IndexError):
            return None
        return pid if comm.startswith("pulseaudio") else None

    def stop(self) -> None:
        settle_streams()  # while the server can still answer them
        if self._keepalive is not None:
            self._keepalive.kill()
            self._keepalive.wait()
            self._keepalive = None
        pid = self.pid()
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.02)

    @contextlib.contextmanager
    def frozen(self) -> Iterator[None]:
        """The server hung (SIGSTOP) for the block: its streams stay open and go silent."""
        pid = self.pid()
        assert pid, "the server is not running"
        os.kill(pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(pid, signal.SIGCONT)

    def streams(self, kind: str) -> int:
        """How many ``sink-inputs`` (playback) or ``source-outputs`` (capture) are open."""
        out = subprocess.run(["pactl", "list", "short", kind], env=self._run_env(),
                             capture_output=True, text=True, check=True, timeout=20).stdout
        return len(out.splitlines())

    def play(self, wav: Path, wait: bool = True) -> subprocess.Popen[bytes]:
        """Play a file into the sink (what the virtual microphone hears)."""
        proc = subprocess.Popen(["paplay", "--device=vsink", str(wav)], env=self._run_env())
        if wait:
            proc.wait(timeout=600)
        return proc

    def apply_to_environ(self) -> None:
        os.environ.update(self.env)


def settle_streams() -> None:
    """Let opens and closes the app stopped waiting for (a hung server) finish first:
    terminating PortAudio or killing the server under one deadlocks inside libpulse."""
    from desktop_app.core.audio import portaudio_calls

    if not portaudio_calls.settle(10):
        with portaudio_calls._in_flight_lock:
            names = sorted(t.name for t in portaudio_calls._in_flight)
        raise AssertionError(f"still waiting for the sound server after 10 s: {names}")


def refresh_portaudio() -> None:
    """PortAudio reads the device list once; re-read it after a server starts or stops."""
    import sounddevice as sd

    settle_streams()
    sd._terminate()
    sd._initialize()


def espeak_wav(text: str, out: Path, voice: str = "en-us", wpm: int = 150,
               ssml: bool = False, rate: int = 16000) -> Path:
    """Speak ``text`` with espeak-ng into a mono PCM16 WAV at ``rate`` Hz."""
    raw = out.with_suffix(".espeak.wav")
    cmd = ["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(raw)]
    if ssml:
        cmd.append("-m")
    subprocess.run([*cmd, text], check=True, capture_output=True, timeout=120)
    subprocess.run(
        ["sox", str(raw), "-r", str(rate), "-c", "1", "-b", "16", str(out)],
        check=True, capture_output=True, timeout=120,
    )
    raw.unlink()
    return out
