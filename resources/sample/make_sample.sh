#!/bin/sh
# Rebuilds answer.wav (PCM16 mono 16 kHz) from answer.txt (SSML: pauses are <break/>).
# Needs espeak-ng and sox (-D: no dither, so the file is the same on every run).
# Run from this folder: sh make_sample.sh
set -e
espeak-ng -v en-us -s 150 -m -w answer.espeak.wav -f answer.txt
sox answer.espeak.wav -D -r 16000 -c 1 -b 16 answer.wav
rm answer.espeak.wav
