"""The report as a PDF: the HTML report's content laid out on A4 pages by Qt.

QTextDocument knows a subset of HTML and CSS: no grid, no SVG, no rounded boxes. Handed
the HTML report as it is, it put everything in a corner of the page in tiny type and
printed the chart's labels as a row of digits. So the PDF gets its own simple markup
(tables for the figure cards, the same findings, checklist and highlighted transcript)
and the pace chart is the report's SVG drawn into an image. The document is laid out in
points on the page's printable width, so the type has its real size and the transcript
wraps and flows onto as many pages as it needs.

Needs a QGuiApplication (the command line makes an offscreen one).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

from desktop_app.core.analysis.render_html import (
    ZONE_COLOURS,
    ZONE_TEXT,
    coverage_html,
    figure_cards,
    findings_html,
    follows_html,
    pace_svg,
    transcript_html,
)
from desktop_app.core.analysis.render_html import (
    escape_html as _e,
)
from desktop_app.core.analysis.render_style import pitch_svg, style_rows
from desktop_app.core.analysis.report import Report

CHART_URL = "stagecoach://pace-chart.png"
PITCH_URL = "stagecoach://pitch-chart.png"
RESOLUTION = 300  # dots per inch of the PDF's drawing surface
CHART_SCALE = 2.0  # the chart is drawn at twice its SVG size, sharp when printed
MARGIN_MM = 14.0
PAGE_GAP_PT = 6.0

# What QTextDocument understands of the HTML report's look.
_CSS = """
body{font-family:sans-serif;font-size:10pt;color:#1d2433}
h1{font-size:17pt;margin:0 0 2pt 0}
h2{font-size:12.5pt;margin:14pt 0 5pt 0;color:#1d2433}
.meta{color:#5b6475;font-size:9pt}.prompt{font-size:11pt;color:#2b3345;margin:6pt 0 8pt 0}
td.card{background-color:#f5f6f8;border:1px solid #dde1e8;padding:5pt}
.figure{font-size:13pt;font-weight:bold}.label{color:#5b6475;font-size:8.5pt}
.lvl{font-weight:bold}.good{color:#2e7d32}.note{color:#5b6bc0}.warn{color:#d84315}
.advice{color:#4a5568;margin-left:16pt;font-size:9.5pt}
.yes{color:#2e7d32;font-weight:bold}.no{color:#c62828;font-weight:bold}
.why{color:#4a5568;font-size:9.5pt;margin-left:14pt}
ul.findings,ul.check{margin:0}
li{margin-bottom:3pt}
.transcript{font-size:11pt}
.w-filler{background-color:#ffe0b2}
.w-concept{background-color:#c8e6c9;color:#1b5e20}
.w-flag{background-color:#ffcdd2;color:#8e0000}
.chip{font-size:8.5pt}
.c-pause{background-color:#e3e8f4;color:#34406b}
.c-filled{background-color:#ffe0b2;color:#8a4b00}
.c-unclear{background-color:#eeeeee;color:#555555}
.legend{font-size:8.5pt;color:#5b6475}
"""


def _cards(report: Report) -> str:
    zone = report.timing.zone
    zone_text = (f'<span style="color:{ZONE_COLOURS.get(zone, "#555")};font-weight:bold">'
                 f"{_e(ZONE_TEXT.get(zone, zone))}</span>")
    cards = figure_cards(report, f"· {zone_text}")
    rows = []
    for start in range(0, len(cards), 4):
        cells = "".join(f'<td class="card" width="25%"><span class="figure">{_e(v)}</span>'
                        f'<br><span class="label">{label}</span></td>'
                        for v, label in cards[start:start + 4])
        rows.append(f"<tr>{cells}</tr>")
    return ('<table width="100%" cellspacing="4" cellpadding="0">' + "".join(rows)
            + "</table>")


def pace_chart_image(report: Report) -> QImage | None:
    """The report's pace chart (its SVG) drawn into an image; None without a chart."""
    svg = pace_svg(report)
    if not svg.startswith("<svg"):
        return None
    # The HTML page styles the chart's labels from outside the SVG; here they are set on
    # the SVG itself, large enough to read once the chart is shrunk to the page width.
    svg = svg.replace("<svg ", '<svg font-family="sans-serif" font-size="15" fill="#5b6475" ', 1)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        return None
    size = renderer.defaultSize()
    image = QImage(int(size.width() * CHART_SCALE), int(size.height() * CHART_SCALE),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return image


def pitch_chart_image(report: Report) -> QImage | None:
    """The pitch contour (the HTML report's SVG) as an image; None without a pitch."""
    pitch = report.delivery.pitch if report.delivery is not None else None
    svg = pitch_svg(pitch) if pitch is not None else ""
    if not svg:
        return None
    svg = svg.replace("<svg ", '<svg font-family="sans-serif" font-size="15" fill="#5b6475" ', 1)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        return None
    size = renderer.defaultSize()
    image = QImage(int(size.width() * CHART_SCALE), int(size.height() * CHART_SCALE),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return image


def style_section(report: Report, doc: QTextDocument, width_pt: float) -> str:
    """"Delivery and structure": the pitch chart and the rows the other exports show."""
    rows = style_rows(report)
    if not rows:
        return ""
    chart = pitch_chart_image(report)
    chart_html = ""
    if chart is not None:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(PITCH_URL), chart)
        shown = width_pt - 2 * PAGE_GAP_PT
        chart_html = (f'<img src="{PITCH_URL}" width="{shown:.0f}" '
                      f'height="{shown * chart.height() / chart.width():.0f}">')
    body = "".join(f'<tr><td width="28%"><b>{_e(k)}</b></td><td>{_e(v)}</td></tr>'
                   for k, v in rows)
    return (f"<h2>Delivery and structure</h2>{chart_html}"
            f'<table width="100%" cellspacing="0" cellpadding="2">{body}</table>')


def report_document(report: Report, width_pt: float,
                    follows: str | None = None) -> QTextDocument:
    """The report as a document laid out ``width_pt`` points wide."""
    doc = QTextDocument()
    doc.setDefaultStyleSheet(_CSS)
    # Kept at the top and bottom of every page: a highlighted word moved to the next page
    # has its background drawn a little above the line, which showed at the page's foot.
    doc.setDocumentMargin(PAGE_GAP_PT)
    chart = pace_chart_image(report)
    if chart is not None:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(CHART_URL), chart)
        shown = width_pt - 2 * PAGE_GAP_PT
        chart_html = (f'<img src="{CHART_URL}" width="{shown:.0f}" '
                      f'height="{shown * chart.height() / chart.width():.0f}">')
    else:
        chart_html = "<p>Not enough speech to chart the pace.</p>"
    prompt = f'<p class="prompt">{_e(report.prompt)}</p>' if report.prompt else ""
    legend = ('<p class="legend"><span class="w-filler">filler</span> · '
              '<span class="c-filled">filled pause</span> · '
              '<span class="c-pause">pause</span> silence of 1.5 s or more · '
              '<span class="w-concept">expected concept</span> · '
              '<span class="w-flag">red flag</span></p>')
    html = (
        "<html><body><h1>Answer report</h1>"
        f'<div class="meta">Bank {_e(report.bank_id)} · stage {_e(report.stage_id)} · '
        f"question {_e(report.question_id)}</div>{follows_html(follows)}{prompt}"
        f"{_cards(report)}"
        f"<h2>Findings</h2>{findings_html(report)}"
        f"<h2>Expected concepts</h2>{coverage_html(report)}"
        f"<h2>Pace over time</h2>{chart_html}"
        f"{style_section(report, doc, width_pt)}"
        f'<h2>Transcript</h2>{legend}<p class="transcript">{transcript_html(report)}</p>'
        "</body></html>"
    )
    doc.setHtml(html)
    doc.setTextWidth(width_pt)
    return doc


def report_pdf(report: Report, follows: str | None = None) -> bytes:
    """The report as the bytes of an A4 PDF, as many pages as it takes; ``follows`` names
    the question a follow-up answer followed."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                          QPageLayout.Unit.Millimeter)
    writer.setTitle(f"Stagecoach report: {report.question_id}")
    writer.setCreator("Stagecoach")
    # Laid out in points (1/72 in) on the printable area, then scaled to the device:
    # type set in pt keeps its real size, and each page is one page-height of the layout
    # (a paginated layout moves a line that would straddle a break to the next page).
    area = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
    doc = report_document(report, area.width(), follows)
    doc.setPageSize(QSizeF(area.width(), area.height()))
    scale = RESOLUTION / 72.0
    painter = QPainter(writer)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for page in range(doc.pageCount()):
        if page:
            writer.newPage()
        painter.save()
        painter.scale(scale, scale)
        painter.translate(0, -page * area.height())
        clip = QRectF(0, page * area.height(), area.width(), area.height())
        painter.setClipRect(clip)
        doc.drawContents(painter, clip)
        painter.restore()
    painter.end()
    buffer.close()
    return bytes(buffer.data().data())
