// The input objects the function changes, besides adding its own: the source Secret (marked
// local-config), a bootstrap PVC (dataSourceRef to its ReplicationDestination) and, for
// privileged movers, its Namespace (annotated). Each change is idempotent: a second run finds it
// done and changes nothing. The result is the changed copies by object index; the objects
// themselves stay as read, so untouched ones are still copied byte for byte.
#pragma once
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "krm/finding.h"
#include "krm/object.h"

namespace vg {

using InputEdits = std::map<std::size_t, Doc>;  // object index -> its new content

// Keep the source Secret in the package (kpt would delete a dropped item's file) but mark it local
// so kpt never applies it and kustomize leaves it out of its build. Nothing when already marked.
void mark_local_config(std::size_t index, const Doc& secret, InputEdits& edits);

// spec.dataSourceRef of a PVC restored by the volume populator from ReplicationDestination `rd_name`.
void set_data_source_ref(Doc& pvc, const std::string& rd_name);

// Annotates the Namespace objects of `namespaces` for privileged movers; a namespace not in the
// input is a warning (someone has to annotate it by hand). False when a Namespace cannot be parsed.
bool annotate_privileged_namespaces(const std::set<std::string>& namespaces, const std::vector<InputObject>& objects,
                                    InputEdits& edits, Findings& findings);

}  // namespace vg
