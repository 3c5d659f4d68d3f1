// Backup schedules: validation of cron expressions against what VolSync really accepts, spreading
// of presets ("daily") over the clock so a cluster's backups do not all start at once, and next
// run times for reporting.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vg {

struct CronError {
  // Names the offending field, e.g. `day-of-week field "7" is out of range 0-6`.
  std::string message;
};

// Accepts only the intersection of VolSync's CRD pattern and its controller's parser (robfig/cron
// v3, 5 fields or descriptor): `@yearly|@annually|@monthly|@weekly|@daily|@hourly`, or an optional
// `CRON_TZ=<zone> ` / `TZ=<zone> ` prefix and 5 single-space-separated numeric fields, each `*`,
// `*/N`, `N`, `N,M,...`, `N-M` or `N/M`. nullopt means valid.
std::optional<CronError> check_cron(std::string_view expr);

// Hours (UTC, inclusive) that spread daily/weekly/monthly presets may use. Must satisfy
// 0 <= first_hour <= last_hour <= 23; resolve_schedule reports a CronError otherwise.
struct SpreadWindow {
  int first_hour = 0;
  int last_hour = 23;
};

struct ResolvedSchedule {
  std::string cron;
  bool from_preset;
};

// A preset name (see schedule_presets) becomes a cron expression whose minute/hour/day are derived
// from fnv1a64(seed) (then a MurmurHash3 finalizer), so the same seed (the caller passes
// "namespace/name") always gets the same slot. Anything else must pass check_cron and is
// returned unchanged. The function then places every preset knowing the others
// (schedule_spread.h); this slot is what a plan has on its own.
std::variant<ResolvedSchedule, CronError> resolve_schedule(std::string_view spec,
                                                           std::string_view seed,
                                                           const SpreadWindow& window);

std::uint64_t fnv1a64(std::string_view data);
// The MurmurHash3 64-bit finalizer: spreads every input bit over the whole word.
std::uint64_t fmix64(std::uint64_t k);

// The places a preset can start in (see schedule_spread.h): hourly 60 minutes, every-Nh N*60
// (hour offset, minute), daily H*60, weekly 7*H*60, monthly 28*H*60 for the H hours of the window.
// nullopt for a spec that is not a preset; the window must be valid (resolve_schedule checks it).
std::optional<int> preset_slot_count(std::string_view preset, const SpreadWindow& window);
// The cron expression of `preset` started at `slot` (0 <= slot < preset_slot_count).
std::string preset_cron_at(std::string_view preset, int slot, const SpreadWindow& window);

// "hourly", "every-2h", ..., "every-12h", "daily", "weekly", "monthly".
const std::vector<std::string_view>& schedule_presets();

// The next `count` start times strictly after `after_unix_seconds`, with robfig/cron v3 semantics
// (when both day-of-month and day-of-week are restricted either may match; descriptors expand to
// their 5-field forms). Limitation: always computed in UTC; a CRON_TZ=/TZ= prefix is accepted and
// ignored. Returns fewer than `count` (possibly none) if the expression is invalid or no run falls
// within five calendar years of the previous one, which is where robfig gives up too.
std::vector<std::int64_t> next_runs(std::string_view cron, std::int64_t after_unix_seconds,
                                    int count);

}  // namespace vg
