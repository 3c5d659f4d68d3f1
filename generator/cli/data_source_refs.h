// A PVC whose dataSourceRef names a VolSync ReplicationDestination restores from that object when
// it is (re)created: if the output does not contain it (a ReplicationDestination volsync-gen now
// names differently, or removed), the PVC stays Pending on the next rebuild. The function refuses
// such an output, naming the PVC and the missing object.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "krm/finding.h"
#include "volsync/plan.h"

namespace vg {

struct DataSourceRef {
  Origin pvc;                    // the PVC, to locate the finding
  std::string namespace_, name;  // the ReplicationDestination it names
};

// The PVC's dataSourceRef when it names a ReplicationDestination of volsync.backube.
std::optional<DataSourceRef> replication_destination_ref(const PvcFacts& pvc);

// `present`: "<namespace>/<name>" of every ReplicationDestination the output holds.
void check_data_source_refs(const std::vector<DataSourceRef>& refs, const std::set<std::string>& present,
                            Findings& findings);

}  // namespace vg
