// What lint's kopia rules (lint_kopia.h) keep of one object: the repository Secret a kopia
// ReplicationSource/ReplicationDestination/KopiaMaintenance names, the identity a destination
// restores, NFS moverVolumes, and a Secret's KOPIA_REPOSITORY. A member of LintFacts.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "yaml/doc.h"
#include "krm/object.h"

namespace vg {

struct KopiaFacts {
  bool uses_kopia = false;      // an RS/RD with spec.kopia, or a KopiaMaintenance
  std::string repository;       // spec.kopia.repository / spec.repository.repository: a Secret name
  std::string repository_field;
  int repository_line = 0;
  // Identity (kopia.md section 5).
  std::string source_name;      // RD spec.kopia.sourceIdentity.sourceName
  std::string username, hostname;  // explicit identity, verbatim
  bool enable_file_deletion = false;
  // moverVolumes: NFS mount paths (the Secret must point at /mnt/<mountPath>), and whether a PVC
  // entry sets KOPIA_REPOSITORY itself.
  std::vector<std::string> nfs_mount_paths;
  std::vector<std::string> nfs_locations;  // "server:path" of each, in the same order
  bool pvc_volume = false;
  int mover_volumes_line = 0;
  // v1 Secret: KOPIA_REPOSITORY when its value is literal (stringData wins over data).
  bool has_repository_value = false;
  std::string repository_value;
  // S3: the endpoint key's literal value (KOPIA_S3_ENDPOINT, else AWS_S3_ENDPOINT) and whether TLS is off.
  std::string s3_endpoint, s3_endpoint_field;
  int s3_endpoint_line = 0;
  bool s3_tls_disabled = false;
  // KOPIA_PASSWORD as a fingerprint (never the value): Secrets of one repository must agree on it.
  bool has_password = false;
  std::uint64_t password_fingerprint = 0;
  int password_line = 0;
  std::string password_field;
};

bool lint_is_kopia_maintenance(const ResourceRef& r);

// The facts of a kopia RS/RD, a KopiaMaintenance or a v1 Secret with KOPIA_* keys; null otherwise, so
// the facts of the many other objects lint keeps stay small.
std::unique_ptr<KopiaFacts> kopia_facts(const InputObject& obj, const Doc& doc);
// `f.kopia`, or empty facts when null.
const KopiaFacts& kopia_of(const std::shared_ptr<const KopiaFacts>& f);

}  // namespace vg
