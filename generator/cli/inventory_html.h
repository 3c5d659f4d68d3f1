// volsync-gen inventory --format html: one self-contained page (inline CSS and SVG, no script, no
// fetch) with a summary, the heatmap of backup starts, the 7-day strip, the per-PVC table and the
// warnings grouped by rule. Credentials in URLs are redacted, as everywhere inventory writes.
#pragma once
#include <cstdint>
#include <string>

#include "cli/function.h"

namespace vg {

struct InventoryView {
  const FunctionResult& result;  // a successful run with its plans
  std::int64_t now = 0;          // runs are computed after this Unix time
  int runs = 3;                  // next runs listed per schedule
  long long crowded_above = 3;   // --max-per-minute
};

std::string inventory_html(const InventoryView& view);

// Bytes as people read a capacity: "1.5 TiB", "200 GiB".
std::string capacity_text(long double bytes);

}  // namespace vg
