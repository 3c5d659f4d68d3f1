// libFuzzer target: cron expressions. check_cron must accept or explain; an accepted expression
// must resolve unchanged and give next run times without hanging.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "volsync/schedule.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view expr(reinterpret_cast<const char*>(data), size);
  auto err = vg::check_cron(expr);
  if (err && err->message.empty()) std::abort();
  auto resolved = vg::resolve_schedule(expr, "ns/pvc", vg::SpreadWindow{});
  if (!err) {
    // Valid cron is returned as is (presets are not valid cron, so they never get here).
    auto* r = std::get_if<vg::ResolvedSchedule>(&resolved);
    if (!r || (!r->from_preset && r->cron != expr)) std::abort();
    auto runs = vg::next_runs(expr, 1'700'000'000, 3);
    for (std::size_t i = 1; i < runs.size(); ++i)
      if (runs[i] <= runs[i - 1]) std::abort();
  } else if (auto* r = std::get_if<vg::ResolvedSchedule>(&resolved)) {
    // Only presets resolve while failing check_cron, and what they resolve to must be valid.
    if (!r->from_preset || vg::check_cron(r->cron)) std::abort();
  }
  return 0;
}
