package dev.stampede.tui;

/**
 * What the person at the dashboard chose to look at: the selected operation, the table's first visible
 * row, interval or cumulative figures (table and histogram apart), the panel in front, the help
 * overlay. Immutable: each key gives a new state, so views stay pure functions of (snapshot, state).
 *
 * @param selected        index of the selected operation
 * @param cumulative      the table shows figures since the start instead of the last interval's
 * @param histogramTotal  the histogram shows every sample since the start instead of the last interval's
 * @param panel           index of the panel in front ({@link Panels#NAMES})
 * @param help            the key help overlay is shown
 */
record ViewState(int selected, boolean cumulative, boolean histogramTotal, int panel, boolean help) {

    static final ViewState START = new ViewState(0, false, true, 0, false);

    ViewState select(int delta, int operations) {
        int n = Math.max(1, operations);
        return new ViewState(Math.floorMod(selected + delta, n), cumulative, histogramTotal, panel, help);
    }

    ViewState toggleCumulative() {
        return new ViewState(selected, !cumulative, histogramTotal, panel, help);
    }

    ViewState toggleHistogram() {
        return new ViewState(selected, cumulative, !histogramTotal, panel, help);
    }

    ViewState nextPanel(int panels) {
        return new ViewState(selected, cumulative, histogramTotal, (panel + 1) % Math.max(1, panels), help);
    }

    ViewState toggleHelp() {
        return new ViewState(selected, cumulative, histogramTotal, panel, !help);
    }
}
