#include "volsync/schedule_spread.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace vg {
namespace {

// Names like a real cluster's: few namespaces, PVCs named alike.
std::vector<std::uint64_t> cluster(std::size_t n, std::size_t salt = 0) {
  std::vector<std::uint64_t> keys;
  for (std::size_t i = 0; i < n; ++i)
    keys.push_back(fnv1a64("ns-" + std::to_string((i + salt) % 7) + "/data-" + std::to_string(i + 1000 * salt)));
  return keys;
}

std::map<int, int> counts(const std::vector<int>& places) {
  std::map<int, int> c;
  for (int p : places) c[p]++;
  return c;
}

TEST(SpreadSlots, UpToSixtyNoTwoShareAMinute) {
  for (std::size_t n = 1; n <= 60; ++n) {
    const auto places = spread_slots(cluster(n), 60);
    EXPECT_EQ(std::set<int>(places.begin(), places.end()).size(), n) << n << " keys";
    for (int p : places) EXPECT_TRUE(p >= 0 && p < 60);
  }
}

TEST(SpreadSlots, BeyondThePlacesCountsDifferByAtMostOne) {
  for (std::size_t n : {61, 89, 120, 200, 1001}) {
    const auto c = counts(spread_slots(cluster(n), 60));
    ASSERT_EQ(c.size(), 60u) << n;
    int lo = n, hi = 0;
    for (const auto& [place, k] : c) lo = std::min(lo, k), hi = std::max(hi, k);
    EXPECT_LE(hi - lo, 1) << n << " keys: " << lo << ".." << hi;
    EXPECT_EQ(lo, static_cast<int>(n / 60)) << n;
  }
}

TEST(SpreadSlots, FromTheSetAloneNotItsOrder) {
  auto keys = cluster(90);
  const auto places = spread_slots(keys, 60);
  std::map<std::uint64_t, int> by_key;
  for (std::size_t i = 0; i < keys.size(); ++i) by_key[keys[i]] = places[i];
  std::reverse(keys.begin(), keys.end());
  const auto again = spread_slots(keys, 60);
  for (std::size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(again[i], by_key[keys[i]]);
}

// Adding one PVC moves only the few on its displacement chain, not a share of the cluster (as
// placing by sorted position would). The bounds are well above what bench/RESULTS.md measures.
TEST(SpreadSlots, AddingOneKeyMovesFewOthers) {
  struct Case {
    std::size_t n;
    double max_average;
    std::size_t max_moved;
  };
  for (const Case& c : {Case{10, 0.5, 3}, Case{50, 4, 15}, Case{200, 12, 40}}) {
    std::size_t total = 0, worst = 0;
    const int trials = 50;
    for (int t = 0; t < trials; ++t) {
      auto keys = cluster(c.n, static_cast<std::size_t>(t) + 1);
      const auto before = spread_slots(keys, 60);
      keys.push_back(fnv1a64("added/pvc-" + std::to_string(t)));
      const auto after = spread_slots(keys, 60);
      std::size_t moved = 0;
      for (std::size_t i = 0; i < before.size(); ++i) moved += before[i] != after[i];
      total += moved;
      worst = std::max(worst, moved);
    }
    EXPECT_LE(static_cast<double>(total) / trials, c.max_average) << c.n << " PVCs";
    EXPECT_LE(worst, c.max_moved) << c.n << " PVCs";
  }
}

TEST(SpreadSlots, ShunnedPlacesAreTakenOnlyWhenNoOtherIsFree) {
  std::vector<bool> shunned(60, false);
  for (int p = 0; p < 50; ++p) shunned[static_cast<std::size_t>(p)] = true;
  const auto ten = spread_slots(cluster(10), 60, shunned);
  EXPECT_EQ(std::set<int>(ten.begin(), ten.end()).size(), 10u);
  for (int p : ten) EXPECT_GE(p, 50);
  const auto sixty = spread_slots(cluster(60), 60, shunned);
  EXPECT_EQ(std::set<int>(sixty.begin(), sixty.end()).size(), 60u);  // still one each
  const auto c = counts(spread_slots(cluster(130), 60, shunned));
  for (const auto& [place, k] : c) EXPECT_TRUE(k == 2 || k == 3) << place << ": " << k;
}

TEST(SpreadSlots, OnePlaceAndNoKeys) {
  EXPECT_EQ(spread_slots(cluster(3), 1), (std::vector<int>{0, 0, 0}));
  EXPECT_TRUE(spread_slots({}, 60).empty());
}

TEST(PresetSlots, EachPlaceIsOneCronOfThePreset) {
  const SpreadWindow all{0, 23}, night{1, 5};
  EXPECT_EQ(preset_slot_count("hourly", all), 60);
  EXPECT_EQ(preset_slot_count("every-6h", all), 360);
  EXPECT_EQ(preset_slot_count("daily", night), 300);
  EXPECT_EQ(preset_slot_count("weekly", all), 7 * 24 * 60);
  EXPECT_EQ(preset_slot_count("monthly", night), 28 * 5 * 60);
  EXPECT_EQ(preset_slot_count("0 3 * * *", all), std::nullopt);
  EXPECT_EQ(preset_cron_at("hourly", 17, all), "17 * * * *");
  EXPECT_EQ(preset_cron_at("every-6h", 3 * 60 + 5, all), "5 3/6 * * *");
  EXPECT_EQ(preset_cron_at("daily", 2 * 60 + 30, night), "30 3 * * *");
  EXPECT_EQ(preset_cron_at("weekly", (2 * 24 + 4) * 60 + 1, all), "1 4 * * 2");
  EXPECT_EQ(preset_cron_at("monthly", 27 * 5 * 60 + 59, night), "59 1 28 * *");
  for (const char* preset : {"every-12h", "daily", "weekly"}) {
    std::set<std::string> crons;
    const int n = *preset_slot_count(preset, night);
    for (int slot = 0; slot < n; ++slot) {
      const std::string cron = preset_cron_at(preset, slot, night);
      EXPECT_EQ(check_cron(cron), std::nullopt) << cron;
      crons.insert(cron);
    }
    EXPECT_EQ(crons.size(), static_cast<std::size_t>(n)) << preset;
  }
}

Config config_with(std::vector<std::string> repo_names) {
  Config c;
  for (auto& name : repo_names) {
    Repository r;
    r.name = name;
    c.repositories.push_back(r);
  }
  return c;
}

BackupPlan plan_of(std::string ns, std::string pvc, std::vector<std::string> schedules) {
  BackupPlan p;
  p.pvc.namespace_ = std::move(ns);
  p.pvc.name = std::move(pvc);
  for (std::size_t i = 0; i < schedules.size(); ++i) {
    RepoPlan rp;
    rp.repo_index = i;
    rp.settings.schedule = schedules[i];
    rp.schedule_from_preset = preset_slot_count(schedules[i], SpreadWindow{}).has_value();
    rp.schedule = rp.schedule_from_preset ? "placeholder" : schedules[i];
    p.repos.push_back(rp);
  }
  return p;
}

std::vector<BackupPlan> spread(std::vector<BackupPlan> plans, const Config& config) {
  ScheduleSpread s(config);
  for (const auto& p : plans) s.add(p);
  s.assign();
  for (auto& p : plans) s.apply(p);
  return plans;
}

TEST(ScheduleSpread, SixtyHourlyPvcsGetSixtyMinutesAndExplicitCronsStay) {
  const Config config = config_with({""});
  std::vector<BackupPlan> plans;
  for (int i = 0; i < 60; ++i) plans.push_back(plan_of("apps", "pvc-" + std::to_string(i), {"hourly"}));
  plans.push_back(plan_of("apps", "pinned", {"0 * * * *"}));
  plans = spread(plans, config);
  std::set<std::string> minutes;
  for (int i = 0; i < 60; ++i) {
    const std::string& cron = plans[static_cast<std::size_t>(i)].repos[0].schedule;
    EXPECT_EQ(cron.substr(cron.find(' ')), " * * * *") << cron;
    minutes.insert(cron.substr(0, cron.find(' ')));
  }
  EXPECT_EQ(minutes.size(), 60u);
  EXPECT_EQ(plans.back().repos[0].schedule, "0 * * * *");
}

TEST(ScheduleSpread, DailyWithinTheWindowNoTwoAlike) {
  Config config = config_with({""});
  config.spread_first_hour = 1;
  config.spread_last_hour = 2;  // 120 places
  std::vector<BackupPlan> plans;
  for (int i = 0; i < 120; ++i) plans.push_back(plan_of("ns" + std::to_string(i % 5), "v" + std::to_string(i), {"daily"}));
  std::set<std::string> crons;
  for (const auto& p : spread(plans, config)) {
    const std::string& cron = p.repos[0].schedule;
    crons.insert(cron);
    const int hour = std::stoi(cron.substr(cron.find(' ') + 1));
    EXPECT_TRUE(hour == 1 || hour == 2) << cron;
    EXPECT_EQ(check_cron(cron), std::nullopt) << cron;
  }
  EXPECT_EQ(crons.size(), 120u);
}

TEST(ScheduleSpread, DailyBackupsAvoidTheMinutesOfHourlyOnes) {
  Config config = config_with({""});
  config.spread_first_hour = 1;
  config.spread_last_hour = 5;
  std::vector<BackupPlan> plans;
  for (int i = 0; i < 20; ++i) plans.push_back(plan_of("a", "hourly-" + std::to_string(i), {"hourly"}));
  for (int i = 0; i < 100; ++i) plans.push_back(plan_of("b", "daily-" + std::to_string(i), {"daily"}));
  std::set<std::string> hourly_minutes;
  const auto spread_plans = spread(plans, config);
  for (const auto& p : spread_plans) {
    const std::string& cron = p.repos[0].schedule;
    const std::string minute = cron.substr(0, cron.find(' '));
    if (p.pvc.namespace_ == "a") hourly_minutes.insert(minute);
    else EXPECT_EQ(hourly_minutes.count(minute), 0u) << p.pvc.name << ": " << cron;  // hourly ones come first
  }
  EXPECT_EQ(hourly_minutes.size(), 20u);
}

TEST(ScheduleSpread, RepositoriesOfOnePvcAreSeparateSchedules) {
  const Config config = config_with({"local", "offsite"});
  const auto plans = spread({plan_of("a", "db", {"hourly", "hourly"}), plan_of("a", "web", {"weekly", "0 3 * * *"})}, config);
  EXPECT_NE(plans[0].repos[0].schedule, plans[0].repos[1].schedule);
  EXPECT_EQ(check_cron(plans[1].repos[0].schedule), std::nullopt) << plans[1].repos[0].schedule;
  EXPECT_EQ(plans[1].repos[1].schedule, "0 3 * * *");
}

}  // namespace
}  // namespace vg
