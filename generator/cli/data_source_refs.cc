#include "cli/data_source_refs.h"

namespace vg {

std::optional<DataSourceRef> replication_destination_ref(const PvcFacts& pvc) {
  if (pvc.data_source_ref_group != "volsync.backube" || pvc.data_source_ref_kind != "ReplicationDestination" ||
      pvc.data_source_ref_name.empty())
    return std::nullopt;
  return DataSourceRef{pvc.origin, pvc.namespace_, pvc.data_source_ref_name};
}

void check_data_source_refs(const std::vector<DataSourceRef>& refs, const std::set<std::string>& present,
                            Findings& findings) {
  for (const DataSourceRef& r : refs) {
    if (present.count(r.namespace_ + "/" + r.name)) continue;
    findings.push_back(Finding{
        .severity = Severity::kError,
        .rule = "data-source-ref-missing",
        .message = "PVC " + r.pvc.resource.namespace_ + "/" + r.pvc.resource.name +
                   " restores from ReplicationDestination " + r.namespace_ + "/" + r.name +
                   ", which the output does not contain: the PVC would stay Pending when it is recreated",
        .resource = r.pvc.resource,
        .field = "spec.dataSourceRef.name",
        .file = r.pvc.file,
        .line = r.pvc.line,
        .hint = "name the ReplicationDestination after it (volsync-gen.io/destination-name or spec.naming.destination), "
                "keep that object in the input, or disable the rule when it lives in another package"});
  }
}

}  // namespace vg
