#include "cli/inventory_starts.h"

#include <algorithm>

#include "volsync/schedule.h"

namespace vg {
namespace {

constexpr std::int64_t kDay = 86400;

struct Start {
  std::int64_t t;
  const BackupPlan* plan;
  const RepoPlan* rp;
};

template <typename F>
void each_schedule(const std::vector<BackupPlan>& plans, F f) {
  for (const BackupPlan& plan : plans)
    for (const RepoPlan& rp : plan.repos)
      if (!rp.schedule.empty()) f(plan, rp);
}

int hour_of(std::int64_t t) { return static_cast<int>((t % kDay) / 3600); }
int minute_of(std::int64_t t) { return static_cast<int>((t % 3600) / 60); }

}  // namespace

std::string clock_text(int hour, int minute) {
  auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
  return two(hour) + ":" + two(minute);
}

std::string start_label(const BackupPlan& plan, const RepoPlan& rp, const Config& config) {
  const std::string& repo = config.repositories[rp.repo_index].name;
  return plan.pvc.namespace_ + "/" + plan.pvc.name + (repo.empty() ? "" : " (" + repo + ")");
}

BackupStarts backup_starts(const std::vector<BackupPlan>& plans, const Config& config, std::int64_t now) {
  BackupStarts s;
  s.now = now;
  const std::int64_t today = now / kDay, week_end = (today + 7) * kDay;
  each_schedule(plans, [&](const BackupPlan& plan, const RepoPlan& rp) {
    ++s.schedules;
    const std::string who = start_label(plan, rp, config);
    for (auto t : next_runs(rp.schedule, now, 24 * 60)) {
      if (t > now + kDay) break;
      s.day[{hour_of(t), minute_of(t)}].push_back(who);
    }
    const auto week = next_runs(rp.schedule, now, 7);
    const auto in_week = std::count_if(week.begin(), week.end(), [&](std::int64_t t) { return t < week_end; });
    if (in_week == 7) return;  // daily or more often: the 24 hours show it
    if (in_week == 0) s.later.push_back(who);
    for (auto t : week)
      if (t < week_end)
        s.week[{static_cast<int>(t / kDay - today), hour_of(t)}].push_back(who + " at " +
                                                                            clock_text(hour_of(t), minute_of(t)));
  });
  return s;
}

std::vector<CronPileUp> explicit_cron_pileups(const std::vector<BackupPlan>& plans, const Config& config,
                                              std::int64_t now) {
  std::map<std::int64_t, std::vector<std::string>> by_minute;
  each_schedule(plans, [&](const BackupPlan& plan, const RepoPlan& rp) {
    if (rp.schedule_from_preset) return;
    const std::string who = start_label(plan, rp, config);
    for (auto t : next_runs(rp.schedule, now, 24 * 60)) {
      if (t > now + kDay) break;
      by_minute[t / 60].push_back(who);
    }
  });
  // One warning per group of schedules, listing every minute they share.
  std::map<std::vector<std::string>, std::vector<std::string>> by_group;
  for (auto& [minute, who] : by_minute) {
    if (who.size() < 2) continue;
    std::sort(who.begin(), who.end());
    by_group[who].push_back(clock_text(hour_of(minute * 60), minute_of(minute * 60)));
  }
  std::vector<CronPileUp> out;
  for (auto& [who, times] : by_group) {
    std::sort(times.begin(), times.end());
    out.push_back({who, times});
  }
  return out;
}

std::string pileup_text(const CronPileUp& p) {
  std::string who, times;
  for (const auto& w : p.who) who += (who.empty() ? "" : ", ") + w;
  const std::size_t shown = std::min<std::size_t>(p.times.size(), 6);
  for (std::size_t i = 0; i < shown; ++i) times += (i ? ", " : "") + p.times[i];
  if (shown < p.times.size()) times += " and " + std::to_string(p.times.size() - shown) + " more minutes";
  return std::to_string(p.who.size()) + " explicit schedules start together at " + times + " UTC: " + who +
         " (explicit crons are kept as written; a preset such as daily or hourly spreads them)";
}

}  // namespace vg
