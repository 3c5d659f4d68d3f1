// The template variables of the VolSync fields volsync-gen passes through as set (mover_fields.h):
// each is unset (its template key dropped) unless a setting or annotation gives it.
#pragma once
#include "volsync/plan.h"
#include "volsync/template.h"

namespace vg {

void add_passthrough_variables(Vars& v, const Settings& s);

}  // namespace vg
