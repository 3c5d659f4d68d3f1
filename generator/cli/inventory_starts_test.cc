#include "cli/inventory_starts.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

constexpr std::int64_t kNow = 1795500000;  // 2026-11-24 06:00 UTC, a Tuesday

Config one_repo() {
  Config c;
  c.repositories.emplace_back();
  return c;
}

BackupPlan plan(std::string ns, std::string name, std::string cron, bool preset) {
  BackupPlan p;
  p.pvc.namespace_ = std::move(ns);
  p.pvc.name = std::move(name);
  RepoPlan rp;
  rp.schedule = std::move(cron);
  rp.schedule_from_preset = preset;
  p.repos.push_back(rp);
  return p;
}

TEST(BackupStarts, HoursAndMinutesOfTheNextDayAndTheWeekOfLessThanDailySchedules) {
  const Config c = one_repo();
  const auto s = backup_starts({plan("a", "hourly", "7 * * * *", true), plan("a", "weekly", "5 2 * * 4", true),
                                plan("a", "monthly", "0 1 15 * *", true)},
                               c, kNow);
  ASSERT_EQ(s.day.size(), 24u);  // the weekly's Thursday is not within 24 hours
  EXPECT_EQ(s.day.at({6, 7}), std::vector<std::string>{"a/hourly"});
  EXPECT_EQ(s.day.count({2, 5}), 0u);
  // Thursday 2026-11-26 is two days after Tuesday; the 15th is not within 7 days.
  ASSERT_EQ(s.week.size(), 1u);
  EXPECT_EQ(s.week.at({2, 2}), std::vector<std::string>{"a/weekly at 02:05"});
  EXPECT_EQ(s.later, std::vector<std::string>{"a/monthly"});
  EXPECT_EQ(s.schedules, 3u);
}

TEST(BackupStarts, NamedRepositoriesAreNamedInTheLabel) {
  Config c;
  c.repositories.emplace_back().name = "offsite";
  EXPECT_EQ(start_label(plan("ns", "db", "0 3 * * *", false), plan("ns", "db", "", false).repos[0], c),
            "ns/db (offsite)");
}

TEST(ExplicitCronPileUps, TwoExplicitCronsInOneMinuteWarnPresetsDoNot) {
  const Config c = one_repo();
  const auto p = explicit_cron_pileups({plan("b", "y", "0 3 * * *", false), plan("a", "x", "0 3 * * *", false),
                                        plan("a", "spread", "0 3 * * *", true), plan("a", "alone", "0 4 * * *", false)},
                                       c, kNow);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].who, (std::vector<std::string>{"a/x", "b/y"}));
  EXPECT_EQ(p[0].times, std::vector<std::string>{"03:00"});
  EXPECT_EQ(pileup_text(p[0]),
            "2 explicit schedules start together at 03:00 UTC: a/x, b/y (explicit crons are kept as written; a "
            "preset such as daily or hourly spreads them)");
  EXPECT_TRUE(explicit_cron_pileups({plan("a", "x", "0 3 * * *", false)}, c, kNow).empty());
}

TEST(ExplicitCronPileUps, ManySharedMinutesAreOneWarningListingSomeOfThem) {
  const Config c = one_repo();
  const auto p = explicit_cron_pileups({plan("a", "x", "0 * * * *", false), plan("a", "y", "0 * * * *", false)}, c, kNow);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].times.size(), 24u);
  EXPECT_NE(pileup_text(p[0]).find("at 00:00, 01:00, 02:00, 03:00, 04:00, 05:00 and 18 more minutes UTC"),
            std::string::npos)
      << pileup_text(p[0]);
}

}  // namespace
}  // namespace vg
