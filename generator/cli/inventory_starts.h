// When backups start, for inventory's pictures and warnings: the next 24 hours by hour and minute,
// the next 7 days of the schedules that do not run every day, and the minutes where explicit crons
// (which volsync-gen never moves) start together.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "volsync/plan.h"
#include "volsync/settings.h"

namespace vg {

struct BackupStarts {
  std::int64_t now = 0;
  // (hour, minute) UTC -> who starts there within the next 24 hours, "namespace/pvc" (+ " (repo)").
  std::map<std::pair<int, int>, std::vector<std::string>> day;
  // Schedules with fewer than 7 runs in the next 7 days (weekly, monthly, ...):
  // (calendar day from today 0-6, hour) UTC -> "who at HH:MM".
  std::map<std::pair<int, int>, std::vector<std::string>> week;
  std::vector<std::string> later;  // such schedules with no run in those 7 days
  std::size_t schedules = 0;
};

// "namespace/pvc", with " (repository)" when the repository has a name.
std::string start_label(const BackupPlan& plan, const RepoPlan& rp, const Config& config);

BackupStarts backup_starts(const std::vector<BackupPlan>& plans, const Config& config, std::int64_t now);

// Two or more explicit crons starting in the same minutes of the next 24 hours.
struct CronPileUp {
  std::vector<std::string> who;
  std::vector<std::string> times;  // "HH:MM" UTC
};
std::vector<CronPileUp> explicit_cron_pileups(const std::vector<BackupPlan>& plans, const Config& config,
                                              std::int64_t now);
std::string pileup_text(const CronPileUp& p);

// "HH:MM".
std::string clock_text(int hour, int minute);

}  // namespace vg
