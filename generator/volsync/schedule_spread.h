// Spreading preset schedules over the whole plan, so that backups never pile up on one minute.
// A hash per PVC (resolve_schedule) cannot promise that: with 12 hourly PVCs two share a minute by
// chance (the birthday problem). Here every preset schedule of the run is placed knowing all the
// others: one more step between planning and expanding, which needs every plan.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "volsync/plan.h"
#include "volsync/schedule.h"
#include "volsync/settings.h"

namespace vg {

// The place (0 <= place < places) of each of `keys`. With at most `places` keys no two share a
// place; with more, every place holds floor(n/places) or ceil(n/places) keys. Deterministic from
// the keys (and, for equal keys only, their order). Stable: adding or removing one key moves only
// the keys on one displacement chain (bench/RESULTS.md measures how many).
//
// How: keys take turns in the order of a hash of each (their priority); the k-th fills layer
// k / places, taking the first place of its own probe sequence (a + i*b mod places, b coprime to
// places, so every place is visited) that holds no more than the layer's keys yet. A new key takes
// a place; the next key that wanted it takes its next choice, and so on down one chain.
// `shunned` (empty, or one flag per place): places a key takes only when its probe sequence has no
// other one free in its layer; the guarantees above hold all the same.
std::vector<int> spread_slots(const std::vector<std::uint64_t>& keys, int places,
                              const std::vector<bool>& shunned = {});

// Every preset schedule of a run, placed with spread_slots per preset (hourly among the hourly,
// daily among the daily within spreadHours, ...), in the order of schedule_presets: each preset
// shuns the minutes the presets before it use, so that a daily backup does not start in the
// minute of an hourly one while another minute is free. Explicit crons are never touched.
class ScheduleSpread {
 public:
  explicit ScheduleSpread(const Config& config);
  void add(const BackupPlan& plan);  // records the plan's preset schedules
  void assign();                      // places every recorded schedule
  void apply(BackupPlan& plan) const;  // rewrites the plan's preset schedules to their places

 private:
  struct Request {
    std::string seed, preset;
  };
  std::string seed(const BackupPlan& plan, const RepoPlan& rp) const;
  const Config& config_;
  SpreadWindow window_;
  std::vector<Request> requests_;
  std::unordered_map<std::string, std::string> cron_;  // seed -> spread cron
};

}  // namespace vg
