"""The state changes of one recorded answer, in order (runs on background threads).

begin:  store.create_answer -> Recorder.start (+ the live transcriber taps the audio)
finish: Recorder.stop -> store.mark_recorded -> LiveTranscriber.finish -> save_transcript
        -> analyse_answer -> store.save_report
Any failure after the recording started marks the answer failed with the reason; the WAV
stays on disk (and in the store), so nothing the user said is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.analysis.report import Report
from desktop_app.core.audio.recording_messages import DISK_FULL_SAVED
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.errors import UserError
from desktop_app.core.history.follow_ups import asked_for_question
from desktop_app.core.history.store import Store
from desktop_app.core.history.store_errors import DatabaseFull
from desktop_app.core.settings import Settings
from desktop_app.core.transcript import Transcript
from desktop_app.pipeline.answer import analyse_answer, transcribe_answer, transcribe_options

if TYPE_CHECKING:  # imported when used: the pipeline loads nothing it does not run
    from desktop_app.core.analysis.acoustics import FrameAnalyser
    from desktop_app.core.answer_recording import AnswerRecording
    from desktop_app.core.audio.recorder import Recorder
    from desktop_app.transcription.live import LiveTranscriber
    from desktop_app.transcription.worker import TranscriptionWorker

log = logging.getLogger(__name__)


@dataclass
class StartedAnswer:
    answer_id: int | None  # None: recorded without a usable database (registered later)
    recording: AnswerRecording
    live: LiveTranscriber | None  # None when the worker is unavailable
    audio_path: Path
    notice: str | None = None  # e.g. the saved microphone is gone, the default is used
    frame_analysis: FrameAnalyser | None = None  # fed while recording

    @property
    def recorder(self) -> Recorder:
        return self.recording.recorder


def begin_answer(settings: Settings, store: Store | None,
                 worker: TranscriptionWorker | None, bank: Bank,
                 question: Question, session_id: int | None) -> StartedAnswer:
    """Register the answer and start recording it (core.answer_recording keeps the order
    that makes a crash harmless); the live transcriber taps the recorder's audio."""
    from desktop_app.core.analysis.acoustics import FrameAnalyser
    from desktop_app.core.answer_recording import AnswerRecording

    recording = AnswerRecording(store, session_id, bank.id, question.stage_id, question.id,
                                settings=settings.audio)
    live = None
    if worker is not None:
        try:
            from desktop_app.transcription.live import LiveTranscriber

            live = LiveTranscriber(worker, transcribe_options(settings, bank, question))
        except Exception:  # live preview unavailable: the file is transcribed after Stop
            log.exception("live transcription could not start")
            live = None
    # The audio's frame analysis is made as it is recorded, so Stop only thresholds it.
    frame_analysis = FrameAnalyser()
    listeners = [frame_analysis.feed] + ([live.feed] if live is not None else [])
    try:
        # The listeners see every block from the first: their times are the file's.
        answer_id = recording.start(listeners)  # UserError (no microphone, ...): failed
    except BaseException:
        if live is not None:
            live.cancel()
        raise
    return StartedAnswer(answer_id=answer_id, recording=recording, live=live,
                         audio_path=recording.recorder.path, notice=recording.notice,
                         frame_analysis=frame_analysis)


def finish_answer(settings: Settings, store: Store | None, started: StartedAnswer, bank: Bank,
                  question: Question, used_s: float) -> None:
    try:
        result = started.recording.stop()  # closes the WAV, marks the answer recorded
    except DatabaseFull as exc:  # the audio is closed and kept; the row waits for room
        _cancel_live(started)
        raise _disk_full(started, started.recording.recorder.path) from exc
    if result.duration_s <= 0:
        _cancel_live(started)
        raise UserError("Nothing was recorded: check the microphone in Settings and try "
                        "again.")
    answer_id = started.answer_id
    if answer_id is None or store is None:  # no database: the file waits to be registered
        _cancel_live(started)
        return
    try:
        report = _transcribe_and_analyse(settings, started, answer_id, bank, question,
                                         used_s, result.path, store, result.duration_s)
        store.save_report(answer_id, report)
    except DatabaseFull as exc:
        raise _disk_full(started, result.path) from exc
    except UserError as exc:
        _mark_failed(store, answer_id, exc.message)
        raise UserError(f"{exc.message} Your recording was kept; you can retry it from "
                        "History.") from exc
    except Exception:
        log.exception("answer %s could not be finished", started.answer_id)
        _mark_failed(store, answer_id, "Stagecoach hit an internal error while making the "
                     "report; the details are in the log.")
        raise


def _cancel_live(started: StartedAnswer) -> None:
    if started.live is not None:
        started.live.cancel()


def _disk_full(started: StartedAnswer, path: Path) -> UserError:
    log.warning("disk full while finishing answer %s; its audio is kept in %s",
                started.answer_id, path)
    return UserError(DISK_FULL_SAVED.format(path=path))


def _mark_failed(store: Store, answer_id: int, reason: str) -> None:
    """Record why the answer has no report; when even that cannot be written (a full
    disk), recovery settles the row at the next start."""
    try:
        store.mark_failed(answer_id, reason)
    except UserError as exc:
        log.warning("answer %s could not be marked failed: %s", answer_id, exc)


def _transcribe_and_analyse(settings: Settings, started: StartedAnswer, answer_id: int,
                            bank: Bank, question: Question, used_s: float, audio_path: Path,
                            store: Store, recorded_s: float) -> Report:
    from desktop_app.core.audio.audio_decode import load_audio

    transcript = transcribe_recording(settings, started.live, bank, question, audio_path)
    store.save_transcript(answer_id, transcript.to_dict())
    analysed = started.frame_analysis
    if analysed is not None and analysed.total == round(recorded_s * analysed.sample_rate):
        # The frames made while recording give the pauses; the samples are read back for
        # the pitch tracker (Praat's needs the sound itself, about 0.05 s a minute).
        report = analyse_answer(transcript, settings, bank, question,
                                frames=analysed.frames(), audio=load_audio(audio_path),
                                used_s=used_s,
                                asked_follow_ups=asked_for_question(store, question.id))
    else:  # the analyser missed audio (it failed and was dropped): read the file
        report = analyse_answer(transcript, settings, bank, question,
                                audio=load_audio(audio_path), used_s=used_s,
                                asked_follow_ups=asked_for_question(store, question.id))
    return report


def transcribe_recording(settings: Settings, live: LiveTranscriber | None, bank: Bank,
                         question: Question, audio_path: Path,
                         worker: TranscriptionWorker | None = None) -> Transcript:
    """The live transcriber's final transcript, or the whole file when there was none
    (in the app's worker when it runs, else in a worker of its own)."""
    if live is not None:
        return live.finish()
    return transcribe_answer(audio_path, settings, bank, question, worker=worker)


def reanalyse(settings: Settings, store: Store, answer_id: int, bank: Bank,
              question: Question, worker: TranscriptionWorker | None = None) -> int:
    """Transcribe and analyse a stored recording again (retry after a failure, recovery).
    ``question``: what the answer was asked; for a follow-up answer, the follow-up
    (``follow_up.asked_question``), so its prompt, clock and expected concepts stay its own."""
    from desktop_app.core.audio.audio_decode import audio_duration_s, load_audio

    record = store.get_answer(answer_id)
    if record is None or record.audio_path is None:
        raise UserError("That answer has no recording any more.")
    audio_path = Path(record.audio_path)
    transcript = transcribe_recording(settings, None, bank, question, audio_path, worker)
    store.save_transcript(answer_id, transcript.to_dict())
    report = analyse_answer(transcript, settings, bank, question,
                            audio=load_audio(audio_path), used_s=audio_duration_s(audio_path),
                            asked_follow_ups=asked_for_question(store, question.id))
    store.save_report(answer_id, report)
    return answer_id
