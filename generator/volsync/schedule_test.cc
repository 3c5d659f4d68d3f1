#include "volsync/schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace vg {
namespace {

TEST(CheckCron, AcceptsWhatVolSyncAccepts) {
  for (const char* expr : {
           "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@hourly",
           "* * * * *", "*/5 * * * *", "0 3 * * *", "59 23 31 12 6", "0 0 1 1 0",
           "0,15,30,45 * * * *", "0 9-17 * * 1-5", "5/15 * * * *", "0 2/6 * * *",
           "0 0 1 */3 *", "00 03 * * *", "*/1 * * * *", "*/100 * * * *", "0 0 5-5 * *",
           "CRON_TZ=Europe/Berlin 0 3 * * *", "TZ=UTC 0 3 * * *",
           "CRON_TZ=America/Argentina/Buenos_Aires 0 3 * * *", "TZ=Etc/GMT+5 0 3 * * *",
       }) {
    EXPECT_EQ(check_cron(expr), std::nullopt) << expr;
  }
}

struct Rejected {
  const char* expr;
  const char* message_part;  // the message must name the culprit
};

TEST(CheckCron, RejectsEverythingOutsideTheIntersection) {
  const Rejected cases[] = {
      {"", "empty"},
      {"0 3 * * 7", "day-of-week field \"7\" is out of range 0-6"},
      {"60 * * * *", "minute field \"60\" is out of range 0-59"},
      {"0 24 * * *", "hour field \"24\" is out of range 0-23"},
      {"0 0 0 * *", "day-of-month field \"0\" is out of range 1-31"},
      {"0 0 32 * *", "day-of-month field \"32\" is out of range 1-31"},
      {"0 0 1 13 *", "month field \"13\" is out of range 1-12"},
      {"0 0 1 0 *", "month field \"0\" is out of range 1-12"},
      {"0 0 * * 1,7", "day-of-week field \"1,7\": 7 is out of range 0-6"},
      {"0 0 * * 5-7", "day-of-week field \"5-7\": 7 is out of range 0-6"},
      {"99999999999999999999 * * * *", "minute field"},
      {"0 0 * * MON", "day-of-week field \"MON\" contains a name"},
      {"0 0 * * mon-fri", "day-of-week field \"mon-fri\" contains a name"},
      {"0 0 1 JAN *", "month field \"JAN\" contains a name"},
      {"0 0 ? * *", "day-of-month field \"?\" uses '?'"},
      {"H * * * *", "minute field \"H\" uses 'H'"},
      {"H/15 * * * *", "minute field \"H/15\" uses 'H'"},
      {"0 0 L * *", "day-of-month field \"L\" uses 'L'"},
      {"0 0 15W * *", "day-of-month field \"15W\" uses 'W'"},
      {"0 0 * * 5#3", "day-of-week field \"5#3\" uses '#'"},
      {"@every 1h", "@every"},
      {"@midnight", "@midnight"},
      {"@dailyX", "unknown descriptor"},
      {"@daily 0", "must stand alone"},
      {"CRON_TZ=UTC @daily", "descriptor"},
      {"*/5 * * * * *", "exactly 5 fields"},
      {"0 0 * *", "got 4"},
      {"0 0 * * 0-6/2", "range with a step"},
      {"0-30/5 * * * *", "minute field \"0-30/5\" is a range with a step"},
      {"0\t3 * * *", "tab"},
      {"0 3 * * *\n", "line break"},
      {"0  3 * * *", "several spaces"},
      {" 0 3 * * *", "leading or trailing"},
      {"0 3 * * * ", "leading or trailing"},
      {"0 5-1 * * *", "hour field \"5-1\" is a range whose start is after its end"},
      {"*/0 * * * *", "minute field \"*/0\" has a step below 1"},
      {"5/0 * * * *", "step below 1"},
      {"*/x * * * *", "minute field \"*/x\""},
      {"1, * * * *", "minute field \"1,\" is not a number"},
      {",1 * * * *", "is not a number"},
      {"1-2-3 * * * *", "is not a number"},
      {"-1 * * * *", "is not a number"},
      {"60/5 * * * *", "minute field \"60/5\": 60 is out of range 0-59"},
      {"CRON_TZ= 0 3 * * *", "empty zone"},
      {"CRON_TZ=Europe/Berlin", "not followed by a schedule"},
      {"CRON_TZ=Europe/Ber;lin 0 3 * * *", "not a zone name"},
      {"garbage 1 2 3 4 5", "exactly 5 fields"},
      {"12345", "exactly 5 fields"},
  };
  for (const auto& c : cases) {
    const auto err = check_cron(c.expr);
    ASSERT_TRUE(err.has_value()) << "accepted: " << c.expr;
    EXPECT_NE(err->message.find(c.message_part), std::string::npos)
        << c.expr << " -> " << err->message;
  }
}

TEST(Fnv1a64, KnownVectors) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

ResolvedSchedule resolve_ok(std::string_view spec, std::string_view seed,
                            SpreadWindow w = SpreadWindow{}) {
  auto r = resolve_schedule(spec, seed, w);
  if (auto* e = std::get_if<CronError>(&r)) ADD_FAILURE() << spec << ": " << e->message;
  return std::get<ResolvedSchedule>(r);
}

std::vector<int> numbers(const std::string& cron) {
  std::vector<int> out;
  std::string cur;
  for (char c : cron + " ") {
    if (c >= '0' && c <= '9') {
      cur += c;
    } else if (!cur.empty()) {
      out.push_back(std::stoi(cur));
      cur.clear();
    }
  }
  return out;
}

TEST(ResolveSchedule, PresetsHaveTheDocumentedShape) {
  const std::map<std::string_view, std::string_view> shapes = {
      {"hourly", "M * * * *"},      {"every-2h", "M H/N * * *"},  {"every-3h", "M H/N * * *"},
      {"every-4h", "M H/N * * *"},  {"every-6h", "M H/N * * *"},  {"every-8h", "M H/N * * *"},
      {"every-12h", "M H/N * * *"}, {"daily", "M H * * *"},       {"weekly", "M H * * D"},
      {"monthly", "M H D * *"},
  };
  ASSERT_EQ(schedule_presets().size(), shapes.size());
  for (std::string_view p : schedule_presets()) {
    ASSERT_TRUE(shapes.count(p)) << p;
    for (int i = 0; i < 200; ++i) {
      const auto r = resolve_ok(p, "ns/pvc-" + std::to_string(i));
      EXPECT_TRUE(r.from_preset);
      EXPECT_EQ(check_cron(r.cron), std::nullopt) << r.cron;
      std::string shape;
      for (char c : r.cron) {
        if (c < '0' || c > '9') shape += c;
        else if (shape.empty() || shape.back() != '#') shape += '#';
      }
      std::string expected(shapes.at(p));
      for (char& c : expected) {
        if (c == 'M' || c == 'H' || c == 'N' || c == 'D') c = '#';
      }
      EXPECT_EQ(shape, expected) << p << " -> " << r.cron;
      if (p.substr(0, 6) == "every-") {
        const auto n = numbers(r.cron);
        EXPECT_EQ(n[2], std::stoi(std::string(p.substr(6))));
        EXPECT_LT(n[1], n[2]) << r.cron;
      }
      if (p == "weekly") {
        EXPECT_LE(numbers(r.cron)[2], 6);
      }
      if (p == "monthly") {
        EXPECT_GE(numbers(r.cron)[2], 1);
        EXPECT_LE(numbers(r.cron)[2], 28);
      }
    }
  }
}

TEST(ResolveSchedule, Deterministic) {
  for (std::string_view p : schedule_presets()) {
    EXPECT_EQ(resolve_ok(p, "default/data").cron, resolve_ok(p, "default/data").cron);
  }
  EXPECT_NE(resolve_ok("daily", "default/data").cron, resolve_ok("daily", "default/date").cron);
}

TEST(ResolveSchedule, MinutesSpreadEvenly) {
  std::vector<int> per_minute(60);
  std::vector<int> per_hour(24);
  std::vector<int> per_dom(29);
  for (int i = 0; i < 1000; ++i) {
    const auto n = numbers(resolve_ok("monthly", "ns-" + std::to_string(i % 7) + "/data-" +
                                                    std::to_string(i)).cron);
    ++per_minute[n[0]];
    ++per_hour[n[1]];
    ++per_dom[n[2]];
  }
  const auto check = [](const std::vector<int>& counts, int first, const char* what) {
    const double mean = 1000.0 / static_cast<double>(counts.size() - first);
    for (std::size_t v = first; v < counts.size(); ++v) {
      EXPECT_GT(counts[v], 0) << what << " " << v << " never chosen";
      EXPECT_LE(counts[v], 3 * mean) << what << " " << v;
    }
  };
  check(per_minute, 0, "minute");
  check(per_hour, 0, "hour");
  check(per_dom, 1, "day");
}

TEST(ResolveSchedule, MinuteAndHourAreNotCorrelated) {
  std::set<std::pair<int, int>> pairs;
  for (int i = 0; i < 2000; ++i) {
    const auto n = numbers(resolve_ok("daily", "ns/p" + std::to_string(i)).cron);
    pairs.insert({n[0], n[1]});
  }
  // 1440 slots, 2000 draws: independent parts fill most of them.
  EXPECT_GT(pairs.size(), 1000U);
}

TEST(ResolveSchedule, WindowRespected) {
  const SpreadWindow windows[] = {{1, 5}, {22, 23}, {3, 3}, {0, 0}, {23, 23}};
  for (const auto& w : windows) {
    std::set<int> seen;
    for (int i = 0; i < 300; ++i) {
      for (const char* p : {"daily", "weekly", "monthly"}) {
        const int hour = numbers(resolve_ok(p, "x/" + std::to_string(i), w).cron)[1];
        EXPECT_GE(hour, w.first_hour);
        EXPECT_LE(hour, w.last_hour);
        seen.insert(hour);
      }
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(w.last_hour - w.first_hour + 1));
  }
}

TEST(ResolveSchedule, BadWindowIsAnError) {
  for (const SpreadWindow w : {SpreadWindow{5, 4}, SpreadWindow{-1, 3}, SpreadWindow{0, 24}}) {
    auto r = resolve_schedule("daily", "a/b", w);
    ASSERT_TRUE(std::holds_alternative<CronError>(r));
    EXPECT_NE(std::get<CronError>(r).message.find("window"), std::string::npos);
  }
}

TEST(ResolveSchedule, CronPassesThroughUnchanged) {
  for (const char* expr : {"0 3 * * *", "@daily", "CRON_TZ=UTC 15 2 * * 1"}) {
    const auto r = resolve_ok(expr, "a/b");
    EXPECT_EQ(r.cron, expr);
    EXPECT_FALSE(r.from_preset);
  }
  for (const char* bad : {"Daily", "every-5h", "0 3 * * 7", ""}) {
    EXPECT_TRUE(std::holds_alternative<CronError>(resolve_schedule(bad, "a/b", {}))) << bad;
  }
}

// Times below were computed independently (Python datetime, UTC).
constexpr std::int64_t kJan1 = 1704067200;  // 2024-01-01 00:00:00 Monday
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

struct RunCase {
  const char* cron;
  std::int64_t after;
  std::vector<std::int64_t> expected;
};

TEST(NextRuns, MatchesHandComputedTimes) {
  const RunCase cases[] = {
      {"0 3 * * *", kJan1, {kJan1 + 3 * kHour, kJan1 + 27 * kHour, kJan1 + 51 * kHour}},
      {"30 * * * *", kJan1, {kJan1 + 30 * 60, kJan1 + 90 * 60}},
      {"@daily", kJan1, {kJan1 + kDay}},  // strictly after
      {"* * * * *", kJan1 + 30, {kJan1 + 60, kJan1 + 120}},
      {"5/15 * * * *", kJan1, {kJan1 + 5 * 60, kJan1 + 20 * 60, kJan1 + 35 * 60, kJan1 + 50 * 60}},
      {"0 1/6 * * *", kJan1, {kJan1 + kHour, kJan1 + 7 * kHour, kJan1 + 13 * kHour}},
      {"@weekly", kJan1, {1704585600}},                 // Sunday 2024-01-07
      {"0 0 * * 5", kJan1, {1704412800, 1705017600}},   // Fridays Jan 5, Jan 12
      // Both day fields restricted: the 13th or any Friday.
      {"0 0 13 * 5", kJan1, {1704412800, 1705017600, 1705104000, 1705622400}},
      // `*/2` is not `*`, so robfig ORs it with day-of-week: odd days or Fridays.
      {"0 0 */2 * 5", kJan1,
       {kJan1 + 2 * kDay, kJan1 + 4 * kDay, kJan1 + 6 * kDay, kJan1 + 8 * kDay, kJan1 + 10 * kDay,
        kJan1 + 11 * kDay, kJan1 + 12 * kDay}},
      // `*/1` keeps the star, so day-of-week alone decides.
      {"0 0 */1 * 5", kJan1, {1704412800}},
      {"@yearly", kJan1, {1735689600}},                // 2025-01-01
      {"59 23 31 12 *", kJan1, {1735689540}},          // 2024-12-31 23:59
      {"0 0 29 2 *", 1709251200, {1835395200}},        // from 2024-03-01 to 2028-02-29
      {"0 0 30 2 *", kJan1, {}},                       // never
      {"0 0 1 1 *", -1, {0}},                          // before the epoch
      {"CRON_TZ=Europe/Berlin 0 3 * * *", kJan1, {kJan1 + 3 * kHour}},  // zone ignored: UTC
      {"0 3 * * 7", kJan1, {}},                        // invalid
  };
  for (const auto& c : cases) {
    const int count = static_cast<int>(std::max<std::size_t>(c.expected.size(), 1));
    EXPECT_EQ(next_runs(c.cron, c.after, count), c.expected) << c.cron;
  }
  EXPECT_TRUE(next_runs("* * * * *", kJan1, 0).empty());
}

}  // namespace
}  // namespace vg

TEST(CheckCron, NamesEveryBadField) {
  auto e = vg::check_cron("61 25 0 13 7");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->message,
            "minute field \"61\" is out of range 0-59; hour field \"25\" is out of range 0-23; day-of-month field \"0\" "
            "is out of range 1-31; month field \"13\" is out of range 1-12; day-of-week field \"7\" is out of range 0-6");
}
