"""File > Export and Edit > Copy: ask where, write, say what happened."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QWidget

from aco_desktop.engine import Settlement
from aco_desktop.session.document import Document
from aco_desktop.ui.feedback import Feedback


class ExportActions:
    def __init__(self, parent: QWidget, model: Document, chart: QWidget, settlement: Callable[[], Settlement],
                 feedback: Feedback) -> None:
        self.parent = parent
        self.model = model
        self.chart = chart
        self.settlement = settlement
        self.feedback = feedback
        self.figures: Callable[[], tuple] = lambda: ()  # the key figures on screen (the window sets this)
        self.pinned: Callable[[], object] = lambda: None  # the pinned scenario, if any (the window sets this)

    def slide(self):
        """The 16:9 slide of what is on screen (title, key figures, chart, caption)."""
        from aco_desktop.ui.export.slide import slide_image

        title = self.model.title() or "ACO settlement"
        return slide_image(title, self.figures(), self.chart, self.settlement())

    def export(self, kind: str) -> None:
        from aco_desktop.ui.export import files, report, slide  # loaded on first use: not needed at start-up

        choices = {
            "png": ("Export chart as PNG", "PNG image (*.png)", ".png", lambda p: files.export_chart_png(self.chart, p)),
            "svg": ("Export chart as SVG", "SVG drawing (*.svg)", ".svg", lambda p: files.export_chart_svg(self.chart, p)),
            "csv": ("Export statement as CSV", "CSV table (*.csv)", ".csv",
                    lambda p: files.export_statement_csv(self.settlement(), p)),
            "slide": ("Export slide image", "PNG image (*.png)", ".png",
                      lambda p: slide.export_slide_png(self.slide(), p)),
            "pdf": ("Meeting report (PDF)", "PDF document (*.pdf)", ".pdf",
                    lambda p: report.write_report_pdf(self.model.session.rules, self.model.current_file(), p,
                                                      spread=getattr(self.parent, "outlook_spread", lambda: None)(),
                                                      baseline=self.pinned())),
        }
        caption, filter_, suffix, write = choices[kind]
        folder = self.model.path.parent if self.model.path else Path.home()
        suggested = folder / f"{self.model.title() or 'scenario'}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self.parent, caption, str(suggested), filter_)
        if not path:
            return
        target = Path(path) if Path(path).suffix else Path(path).with_suffix(suffix)
        try:
            write(target)
        except files.ExportError as exc:
            self.feedback.warn("Could not export", str(exc))
            return
        self.feedback.tell(f"Wrote {target}.")

    def copy(self, what: str) -> None:
        from aco_desktop.ui.export import files

        if what == "slide":
            from PySide6.QtWidgets import QApplication

            QApplication.clipboard().setImage(self.slide())
            self.feedback.tell("Slide copied: paste it into a presentation.")
        elif what == "chart":
            files.copy_chart_to_clipboard(self.chart)
            self.feedback.tell("Chart copied: paste it into a slide or a document.")
        else:
            files.copy_statement_to_clipboard(self.settlement())
            self.feedback.tell("Statement copied: paste it into a spreadsheet.")
