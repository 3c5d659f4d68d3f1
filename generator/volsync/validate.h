// validate: the VolSync CRD schemas plus VolSync's runtime rules, applied to one object.
// The function runs it on everything it generates; `lint` runs it on what users wrote.
#pragma once
#include <string>
#include <vector>

#include "yaml/doc.h"
#include "krm/finding.h"
#include "schema/schema.h"

namespace vg {

// Which embedded schema set an object is checked against: the Kopia fork's for an object that uses
// it (spec.kopia, or the fork-only KopiaMaintenance kind), upstream VolSync's for everything else, so
// restic objects are judged exactly as before.
EmbeddedSchemas schema_set_for(const Doc& obj, const ResourceRef& ref);

class Validator {
 public:
  // Embedded schemas, or (when paths are given) the CRDs in those files/directories instead, for
  // every object whatever its mover.
  bool init(const std::vector<std::string>& schema_paths, Findings& findings);

  // Schema + rules for one object. `file`/`line_offset` locate findings in the input when known.
  // Schema findings against the fork's set end with "(schema: <set name>)".
  void check(const Doc& obj, const ResourceRef& ref, const std::vector<std::string>& disabled_rules,
             Findings& out, const std::string& file = {}, int line_offset = -1) const;

  // Whether objects of this kind are schema-checked (in either embedded set, or the given CRDs).
  bool has_schema(const ResourceRef& ref) const {
    return schemas_.find(ref.api_version, ref.kind) != nullptr ||
           (!custom_ && fork_.find(ref.api_version, ref.kind) != nullptr);
  }

 private:
  SchemaSet schemas_;  // upstream's, or the user's --schemas
  SchemaSet fork_;     // the Kopia fork's; unused with --schemas
  bool custom_ = false;
};

}  // namespace vg
