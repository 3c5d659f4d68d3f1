// adopt's check: the function's own output, run on what adopt writes, against today's objects,
// field by field (no second model of what the function would do).
#pragma once
#include <vector>

#include "cli/adopt.h"
#include "cli/adopt_objects.h"

namespace vg {

// `after`: the objects of the function's output. A missing object, or a different sourcePVC,
// trigger, retain, repository Secret or destinationPVC, moves or loses data (lossy).
std::vector<AdoptDifference> compare_with_today(const std::vector<SourceObject>& objects,
                                                const std::vector<TodaysBackup>& backups,
                                                const std::vector<Doc>& after);

}  // namespace vg
