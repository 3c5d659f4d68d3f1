#include "cli/inventory_svg.h"

#include <algorithm>
#include <ctime>

namespace vg {
namespace {

// Heatmap geometry: hours down, minutes across.
constexpr int kLeft = 48, kTop = 30, kCellW = 12, kCellH = 16, kLegend = 46;
constexpr int kWidth = kLeft + 60 * kCellW + 10, kHeight = kTop + 24 * kCellH + kLegend;
// Strip geometry: the next 7 days down, hours across.
constexpr int kStripLeft = 96, kStripCellW = 28, kStripCellH = 20;
constexpr int kStripWidth = kStripLeft + 24 * kStripCellW + 10, kStripHeight = kTop + 7 * kStripCellH + 8;

// Shades for 1, 2, 3 and 4+ starts; the page's and the standalone SVG's dark theme swap them.
constexpr std::string_view kStyle = R"(
.vg-bg{fill:#f1f3f5;stroke:#dde1e5;stroke-width:.5}
.vg-l1{fill:#9ecae1}.vg-l2{fill:#4292c6}.vg-l3{fill:#1c5fa3}.vg-l4{fill:#08306b}
.vg-n{font:bold 9px sans-serif;fill:#fff;text-anchor:middle;pointer-events:none;paint-order:stroke;stroke:#08306b;stroke-width:2px}
.vg-axis{font:10px sans-serif;fill:#333}.vg-axis-end{text-anchor:end}
.vg-crowded{stroke:#c0392b;stroke-width:2;fill:url(#vg-hatch)}
.vg-hatch-line{stroke:#c0392b;stroke-width:1.5}
.vg-legend{font:11px sans-serif;fill:#333}
@media (prefers-color-scheme:dark){
.vg-bg{fill:#1f2630;stroke:#2c3540}.vg-l1{fill:#2b5876}.vg-l2{fill:#3d85c6}.vg-l3{fill:#7fb8e6}.vg-l4{fill:#d0e7ff}
.vg-l3+.vg-n,.vg-l4+.vg-n{fill:#08233d}.vg-axis,.vg-legend{fill:#d5dae0}
.vg-crowded{stroke:#ff7b6b}.vg-hatch-line{stroke:#ff7b6b}}
@media print{.vg-bg{fill:#fff;stroke:#999}.vg-l1{fill:#ddd}.vg-l2{fill:#aaa}.vg-l3{fill:#666}.vg-l4{fill:#222}
.vg-axis,.vg-legend{fill:#000}.vg-crowded{stroke:#000}.vg-hatch-line{stroke:#000}}
)";

std::string level_class(std::size_t n) { return "vg-l" + std::to_string(std::min<std::size_t>(n, 4)); }

std::string num(int v) { return std::to_string(v); }

std::string svg_open(int width, int height, std::string_view id, std::string_view title, std::string_view desc,
                     bool standalone) {
  std::string s = standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : "";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"vg-chart\" width=\"" + num(width) + "\" height=\"" +
       num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" role=\"img\" aria-labelledby=\"" +
       std::string(id) + "-title " + std::string(id) + "-desc\">\n";
  s += "<title id=\"" + std::string(id) + "-title\">" + xml_escape(title) + "</title>\n";
  s += "<desc id=\"" + std::string(id) + "-desc\">" + xml_escape(desc) + "</desc>\n";
  if (standalone) s += "<style>" + std::string(kStyle) + "</style>\n";
  return s;
}

// `overlay` goes between the shade and the number, so that the number stays readable.
std::string cell(int x, int y, int w, int h, std::string_view cls, std::string_view title, std::size_t n,
                 std::string_view overlay = {}) {
  std::string s = "<g><title>" + xml_escape(title) + "</title><rect class=\"" + std::string(cls) + "\" x=\"" +
                  num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h) + "\"/>" +
                  std::string(overlay);
  if (n > 1)
    s += "<text class=\"vg-n\" x=\"" + num(x + w / 2) + "\" y=\"" + num(y + h - 4) + "\">" + std::to_string(n) + "</text>";
  return s + "</g>\n";
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

std::string heatmap_axes() {
  std::string s = "<rect class=\"vg-bg\" x=\"" + num(kLeft) + "\" y=\"" + num(kTop) + "\" width=\"" +
                  num(60 * kCellW) + "\" height=\"" + num(24 * kCellH) + "\"/>\n";
  s += "<text class=\"vg-axis\" x=\"" + num(kLeft) + "\" y=\"11\">minute past the hour (UTC)</text>\n";
  for (int m = 0; m < 60; m += 5)
    s += "<text class=\"vg-axis\" x=\"" + num(kLeft + m * kCellW) + "\" y=\"" + num(kTop - 4) + "\">:" +
         clock_text(0, m).substr(3) + "</text>\n";
  for (int h = 0; h < 24; ++h)
    s += "<text class=\"vg-axis vg-axis-end\" x=\"" + num(kLeft - 6) + "\" y=\"" + num(kTop + h * kCellH + 12) +
         "\">" + clock_text(h, 0) + "</text>\n";
  return s;
}

std::string heatmap_legend(long long crowded_above) {
  const int y = kTop + 24 * kCellH + 14;
  std::string s = "<g class=\"vg-legend-key\" aria-hidden=\"true\">\n";
  int x = kLeft;
  const char* labels[] = {"1 start", "2", "3", "4 or more"};
  for (int i = 1; i <= 4; ++i) {
    s += "<rect class=\"vg-l" + num(i) + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"12\" height=\"12\"/>";
    s += "<text class=\"vg-legend\" x=\"" + num(x + 16) + "\" y=\"" + num(y + 10) + "\">" + labels[i - 1] + "</text>\n";
    x += i == 4 ? 90 : (i == 1 ? 62 : 34);
  }
  s += "<rect class=\"vg-crowded\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"12\" height=\"12\"/>";
  s += "<text class=\"vg-legend\" x=\"" + num(x + 16) + "\" y=\"" + num(y + 10) + "\">hatched: crowded (more than " +
       std::to_string(crowded_above) + " starts)</text>\n";
  s += "<text class=\"vg-legend\" x=\"" + num(kLeft) + "\" y=\"" + num(y + 28) +
       "\">numbers: starts in that minute; hover a cell for its PVCs</text>\n</g>\n";
  return s;
}

std::string hatch_pattern() {
  return "<defs><pattern id=\"vg-hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"transparent\"/>"
         "<line class=\"vg-hatch-line\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\"/></pattern></defs>\n";
}

std::string date_label(std::int64_t day) {
  std::time_t t = static_cast<std::time_t>(day * 86400);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%a %d %b", &tm);
  return buf;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string_view chart_style() { return kStyle; }

std::string heatmap_summary(const BackupStarts& starts, long long crowded_above) {
  std::size_t total = 0, busiest = 0, crowded = 0;
  std::pair<int, int> at{0, 0};
  for (const auto& [when, who] : starts.day) {
    total += who.size();
    if (who.size() > busiest) busiest = who.size(), at = when;
    if (static_cast<long long>(who.size()) > crowded_above) ++crowded;
  }
  if (total == 0) return "No backup starts in the next 24 hours.";
  std::string s = std::to_string(total) + " backup starts in the next 24 hours, in " +
                  std::to_string(starts.day.size()) + " distinct minutes; the busiest minute is " +
                  clock_text(at.first, at.second) + " UTC with " + std::to_string(busiest) + ". ";
  s += crowded == 0   ? "No minute has more than " + std::to_string(crowded_above) + " starts."
         : crowded == 1 ? "1 minute has more than " + std::to_string(crowded_above) + " starts (crowded)."
                        : std::to_string(crowded) + " minutes have more than " + std::to_string(crowded_above) +
                              " starts (crowded).";
  return s;
}

std::string heatmap_svg(const BackupStarts& starts, long long crowded_above,
                        const std::vector<CronPileUp>& pileups, bool standalone) {
  std::string desc = heatmap_summary(starts, crowded_above);
  for (const auto& p : pileups) desc += " Warning: " + pileup_text(p) + ".";
  std::string s = svg_open(kWidth, kHeight, "vg-heatmap", "Backup starts over the next 24 hours, by hour and minute (UTC)",
                           desc, standalone);
  s += hatch_pattern() + heatmap_axes();
  for (const auto& [when, who] : starts.day) {
    const auto [hour, minute] = when;
    const bool crowded = static_cast<long long>(who.size()) > crowded_above;
    const std::string title = clock_text(hour, minute) + " UTC: " + std::to_string(who.size()) +
                              (who.size() == 1 ? " start" : " starts") + (crowded ? " (crowded)" : "") + ": " + join(who);
    const int x = kLeft + minute * kCellW, y = kTop + hour * kCellH;
    const std::string hatch = crowded ? "<rect class=\"vg-crowded\" x=\"" + num(x + 1) + "\" y=\"" + num(y + 1) +
                                            "\" width=\"" + num(kCellW - 2) + "\" height=\"" + num(kCellH - 2) +
                                            "\" aria-hidden=\"true\"/>"
                                      : "";
    s += cell(x, y, kCellW, kCellH, level_class(who.size()), title, who.size(), hatch);
  }
  return s + heatmap_legend(crowded_above) + "</svg>\n";
}

std::string week_strip_svg(const BackupStarts& starts) {
  std::size_t total = 0;
  for (const auto& [when, who] : starts.week) total += who.size();
  const std::string desc = total == 0 ? "No weekly or monthly backup starts in the next 7 days."
                                      : std::to_string(total) + " starts of schedules that do not run daily "
                                                                "(weekly, monthly) in the next 7 days.";
  std::string s = svg_open(kStripWidth, kStripHeight, "vg-week", "Weekly and monthly backup starts, next 7 days (UTC)",
                           desc, false);
  s += "<rect class=\"vg-bg\" x=\"" + num(kStripLeft) + "\" y=\"" + num(kTop) + "\" width=\"" +
       num(24 * kStripCellW) + "\" height=\"" + num(7 * kStripCellH) + "\"/>\n";
  for (int h = 0; h < 24; h += 3)
    s += "<text class=\"vg-axis\" x=\"" + num(kStripLeft + h * kStripCellW) + "\" y=\"" + num(kTop - 4) + "\">" +
         clock_text(h, 0) + "</text>\n";
  const std::int64_t today = starts.now / 86400;
  for (int d = 0; d < 7; ++d)
    s += "<text class=\"vg-axis vg-axis-end\" x=\"" + num(kStripLeft - 6) + "\" y=\"" +
         num(kTop + d * kStripCellH + 14) + "\">" + date_label(today + d) + "</text>\n";
  for (const auto& [when, who] : starts.week) {
    const auto [day, hour] = when;
    const std::string title = date_label(today + day) + ", " + clock_text(hour, 0) + "-" + clock_text(hour, 59) +
                              " UTC: " + join(who);
    s += cell(kStripLeft + hour * kStripCellW, kTop + day * kStripCellH, kStripCellW, kStripCellH,
              level_class(who.size()), title, who.size());
  }
  return s + "</svg>\n";
}

}  // namespace vg
