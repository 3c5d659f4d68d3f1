#include "volsync/kopia_repository.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

using B = Repository::Backend;

Repository block(B b, std::string bucket, std::string prefix = {}) {
  Repository r;
  r.backend = b;
  r.bucket = std::move(bucket);
  r.prefix = std::move(prefix);
  return r;
}

std::string keys_of(const KopiaLocation& l) {
  std::string out;
  for (const auto& [k, v] : l.keys) out += k + "=" + v + ";";
  return out;
}

TEST(KopiaLocation, Blocks) {
  struct Case {
    Repository repo;
    const char* url_base;
    const char* repository;  // nullptr: an error containing `keys`
    const char* keys;
  };
  Repository minio = block(B::kS3, "volsync", "cluster-a/");
  minio.endpoint = "http://minio.minio:9000";
  minio.region = "us-east-1";
  Repository r2 = block(B::kS3, "homelab");
  r2.endpoint = "https://abc.r2.cloudflarestorage.com/";
  Repository nfs;
  nfs.backend = B::kLocal;
  nfs.nfs_server = "nas";
  nfs.nfs_path = "/tank";
  Repository nfs_prefix = nfs;
  nfs_prefix.prefix = "kopia";
  Repository pvc;
  pvc.backend = B::kLocal;
  pvc.mount_path = "repo";
  pvc.pvc = "kopia-repo";
  Repository pvc_prefix = pvc;
  pvc_prefix.prefix = "x";
  Repository rest;
  rest.backend = B::kRest;
  Repository url;
  const Case cases[] = {
      // The mover strips the scheme and uses TLS unless told: http:// needs the flag.
      {minio, "", "s3://volsync/cluster-a/", "KOPIA_S3_ENDPOINT=minio.minio:9000;KOPIA_S3_DISABLE_TLS=true;AWS_REGION=us-east-1;"},
      {r2, "", "s3://homelab/", "KOPIA_S3_ENDPOINT=abc.r2.cloudflarestorage.com;"},
      {block(B::kS3, "offsite"), "", "s3://offsite/", ""},
      {block(B::kS3, "Bad_Bucket"), "", nullptr, "is not an S3 bucket name"},
      {block(B::kS3, "ok-bucket", "a b"), "", nullptr, "characters the kopia mover refuses"},
      {block(B::kB2, "my-b2"), "", "b2://my-b2", "KOPIA_B2_BUCKET=my-b2;"},
      {block(B::kB2, "my-b2", "k8s"), "", nullptr, "no prefix for b2 repositories"},
      {block(B::kAzure, "backups"), "", "azure://backups", "KOPIA_AZURE_CONTAINER=backups;"},
      {block(B::kGcs, "my-gcs"), "", "gcs://my-gcs", "KOPIA_GCS_BUCKET=my-gcs;"},
      {block(B::kGcs, "my-gcs", "p"), "", nullptr, "no prefix for gcs repositories"},
      {nfs, "", "filesystem:///mnt/repository", ""},
      {nfs_prefix, "", "filesystem:///mnt/repository/kopia", ""},
      {pvc, "", "filesystem:///mnt/repo", ""},
      {pvc_prefix, "", nullptr, "a pvc repository has no prefix"},
      {rest, "", nullptr, "no REST backend"},
      {url, "s3://bucket/prefix/", "s3://bucket/prefix/", ""},
      {url, "filesystem:///repository", "filesystem:///repository", ""},
      {url, "filesystem://repository", nullptr, "is not filesystem:///<absolute path>"},
      {url, "filesystem:///a/../b", nullptr, "contains .."},
      {url, "b2://offsite/k8s", nullptr, "never parses b2:// URLs"},
      {url, "azure://c", nullptr, "use spec.repositories[].azure"},
      {url, "s3:https://s3.example.com/kopia", nullptr, "is restic's form"},
      {url, "/mnt/repo", nullptr, "not a kopia repository the mover recognises"},
      {url, "", nullptr, "no repository"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(backend_name(c.repo.backend)) + " " + c.url_base + " " + c.repo.bucket + c.repo.prefix);
    const KopiaLocationResult got = kopia_location(c.repo, c.url_base);
    if (!c.repository) {
      EXPECT_FALSE(got.location);
      EXPECT_NE(got.error.find(c.keys), std::string::npos) << got.error;
      continue;
    }
    ASSERT_TRUE(got.location) << got.error;
    EXPECT_EQ(got.location->repository, c.repository);
    EXPECT_EQ(keys_of(*got.location), c.keys);
  }
}

TEST(KopiaLocation, BackendKeys) {
  EXPECT_EQ(kopia_backend_keys(block(B::kB2, "b"), "").all_of,
            (std::vector<std::string>{"B2_ACCOUNT_ID", "B2_APPLICATION_KEY"}));
  EXPECT_EQ(kopia_backend_keys(block(B::kAzure, "b"), "").all_of,
            (std::vector<std::string>{"KOPIA_AZURE_STORAGE_ACCOUNT", "KOPIA_AZURE_STORAGE_KEY"}));
  EXPECT_EQ(kopia_backend_keys(block(B::kGcs, "b"), "").all_of,
            (std::vector<std::string>{"GOOGLE_APPLICATION_CREDENTIALS"}));
  Repository url;
  const BackendKeys s3 = kopia_backend_keys(url, "s3://bucket/");
  EXPECT_EQ(s3.all_of, (std::vector<std::string>{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}));
  EXPECT_FALSE(s3.strict);  // a url repository may authenticate otherwise: warnings
  EXPECT_TRUE(kopia_backend_keys(url, "filesystem:///r").all_of.empty());
}

TEST(KopiaLocation, KeyTables) {
  for (const char* k : {"KOPIA_PASSWORD", "KOPIA_REPOSITORY", "B2_APPLICATION_KEY", "KOPIA_S3_ENDPOINT", "AWS_REGION"})
    EXPECT_TRUE(kopia_uses_key(k)) << k;
  for (const char* k : {"KOPIA_LOG_LEVEL", "KOPIA_S3_REGION", "KOPIA_FS_PATH", "RESTIC_PASSWORD", "B2_ACCOUNT_KEY"})
    EXPECT_FALSE(kopia_uses_key(k)) << k;
  EXPECT_TRUE(kopia_backend_selecting_key("KOPIA_S3_BUCKET"));
  EXPECT_FALSE(kopia_backend_selecting_key("KOPIA_REPOSITORY"));
  EXPECT_EQ(kopia_name_of_restic_key("B2_ACCOUNT_KEY"), "B2_APPLICATION_KEY");
  EXPECT_EQ(kopia_name_of_restic_key("AWS_ACCESS_KEY_ID"), "");
}

}  // namespace
}  // namespace vg
