# Stagecoach developer commands. `make run` opens the app, `make test` runs every check.
# Both set everything up first: Debian packages (with sudo when not root) and .venv/.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
# System libraries the app needs (PortAudio, PulseAudio client, Qt's xcb platform) and
# what the tests use: a PulseAudio server for the virtual microphone, espeak-ng speech,
# sox/ffmpeg for test audio, Xvfb for screenshots, desktop-file-utils/appstream for the .deb.
APT_PACKAGES := python3-venv libportaudio2 libpulse0 libsndfile1 pulseaudio pulseaudio-utils \
  libasound2-plugins espeak-ng sox ffmpeg xvfb xauth libxcb-icccm4 libxcb-keysyms1 \
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-image0 libxcb-render-util0 libxcb-shape0 \
  libxcb-xinerama0 libxcb-randr0 libegl1 libgl1 libfontconfig1 libdbus-1-3 x11-apps \
  imagemagick desktop-file-utils appstream binutils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system run test lint pytest bench screenshots package clean

setup: system $(STAMP)

system:
	@missing=$$(dpkg-query -W -f='$${db:Status-Status} $${Package}\n' $(APT_PACKAGES) 2>/dev/null \
	  | awk '$$1 != "installed" {print $$2}'; for p in $(APT_PACKAGES); do \
	  dpkg-query -W $$p >/dev/null 2>&1 || echo $$p; done | sort -u); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	@[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# A CPU build of torch first, so nothing below pulls a multi-GB CUDA build.
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[reference,dev,eval]'
	# The reference engine without triton (unused on CPU, ~1 GB); its other
	# requirements come with the "reference" extra above.
	$(PIP) install -q --no-deps openai-whisper==20250625
	@touch $(STAMP)

run: setup
	$(VENV)/bin/stagecoach

lint: setup
	$(VENV)/bin/ruff check desktop_app tests packaging
	$(VENV)/bin/mypy desktop_app tests
	$(VENV)/bin/lint-imports

pytest: setup
	$(VENV)/bin/pytest

test: lint pytest

bench: setup
	$(VENV)/bin/stagecoach bench

screenshots: setup
	$(PY) packaging/screenshots.py docs/screenshots
	$(PY) packaging/screenshots.py docs/screenshots --theme dark

package: setup
	packaging/build-linux.sh

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
