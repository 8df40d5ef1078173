"""What leaves the window: chart PNG/SVG, statement CSV, clipboard copies, the one-page PDF report."""
