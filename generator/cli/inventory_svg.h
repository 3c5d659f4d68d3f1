// inventory's pictures as SVG: the heatmap of backup starts over the next 24 hours (hours x minutes)
// and the 7-day strip of the schedules that do not run every day. Each start cell carries a native
// <title> naming its PVCs (the tooltip, and what a screen reader reads), the number of starts is
// written in cells with more than one and crowded minutes are hatched: colour is never the only
// signal. The styles follow the reader's dark theme and print in black and white.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "cli/inventory_starts.h"

namespace vg {

std::string xml_escape(std::string_view text);

// The charts' CSS (shades, dark theme, print), for a page that holds them inline.
std::string_view chart_style();

// `crowded_above`: minutes with more starts are marked crowded. `standalone`: a whole SVG document
// (--format svg); otherwise an <svg> element to put in a page.
std::string heatmap_svg(const BackupStarts& starts, long long crowded_above,
                        const std::vector<CronPileUp>& pileups, bool standalone);
std::string week_strip_svg(const BackupStarts& starts);

// The heatmap's one-paragraph text alternative: how many starts, the busiest minute, crowding.
std::string heatmap_summary(const BackupStarts& starts, long long crowded_above);

}  // namespace vg
