#include "cli/inventory_svg.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

BackupStarts starts_of(std::map<std::pair<int, int>, std::vector<std::string>> day) {
  BackupStarts s;
  s.now = 1795500000;
  s.day = std::move(day);
  return s;
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(XmlEscape, MarkupCharacters) { EXPECT_EQ(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;"); }

TEST(Heatmap, EachStartCellIsTitledWithItsPvcsAndCountsAreWritten) {
  const std::string svg = heatmap_svg(starts_of({{{3, 0}, {"a/x", "b/y"}}, {{13, 59}, {"c/<z>"}}}), 3, {}, false);
  EXPECT_NE(svg.find("<title>03:00 UTC: 2 starts: a/x, b/y</title><rect class=\"vg-l2\" x=\"48\" y=\"78\""),
            std::string::npos)
      << svg;
  EXPECT_NE(svg.find("<text class=\"vg-n\" x=\"54\" y=\"90\">2</text>"), std::string::npos);
  EXPECT_NE(svg.find("<title>13:59 UTC: 1 start: c/&lt;z&gt;</title>"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"vg-n\""), 1u);  // a single start needs no number
  EXPECT_EQ(svg.find("<?xml"), std::string::npos);
  EXPECT_NE(svg.find("role=\"img\" aria-labelledby=\"vg-heatmap-title vg-heatmap-desc\""), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"vg-heatmap-desc\">3 backup starts in the next 24 hours, in 2 distinct minutes; the "
                     "busiest minute is 03:00 UTC with 2. No minute has more than 3 starts.</desc>"),
            std::string::npos)
      << svg;
}

TEST(Heatmap, CrowdedMinutesAreHatchedAndSaidSo) {
  const std::string svg = heatmap_svg(starts_of({{{3, 0}, {"a/x", "b/y"}}, {{4, 0}, {"c/z"}}}), 1, {}, false);
  EXPECT_NE(svg.find("<title>03:00 UTC: 2 starts (crowded): a/x, b/y</title>"), std::string::npos) << svg;
  EXPECT_EQ(count(svg, "<rect class=\"vg-crowded\" x="), 2u);  // the cell and the legend's key
  EXPECT_NE(svg.find("1 minute has more than 1 starts (crowded)."), std::string::npos);
}

TEST(Heatmap, StandaloneIsAWholeDocumentWithItsStylesAndWarnings) {
  const CronPileUp p{{"a/x", "b/y"}, {"03:00"}};
  const std::string svg = heatmap_svg(starts_of({{{3, 0}, {"a/x", "b/y"}}}), 3, {p}, true);
  EXPECT_EQ(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg.find("<style>"), std::string::npos);
  EXPECT_NE(svg.find("@media (prefers-color-scheme:dark)"), std::string::npos);
  EXPECT_NE(svg.find("Warning: 2 explicit schedules start together at 03:00 UTC: a/x, b/y"), std::string::npos);
  EXPECT_EQ(count(svg, "http"), 1u);  // the namespace only: nothing to fetch
}

TEST(WeekStrip, DaysFromTodayAndTitledCells) {
  BackupStarts s = starts_of({});
  s.week[{2, 2}] = {"a/weekly at 02:05"};
  const std::string svg = week_strip_svg(s);
  EXPECT_NE(svg.find(">Tue 24 Nov<"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">Mon 30 Nov<"), std::string::npos);
  EXPECT_NE(svg.find("<title>Thu 26 Nov, 02:00-02:59 UTC: a/weekly at 02:05</title>"), std::string::npos);
}

}  // namespace
}  // namespace vg
