#include "volsync/mover_fields.h"

#include <gtest/gtest.h>

namespace vg {
namespace {

Doc parsed(std::string_view text) {
  Doc n;
  EXPECT_FALSE(parse_object_text(text, n)) << text;
  return n;
}

TEST(MoverFields, ObjectTextIsYamlFlowAndMustBeAMap) {
  EXPECT_EQ(parsed("{requests: {cpu: 100m}}")["requests"]["cpu"].Scalar(), "100m");
  Doc n;
  EXPECT_TRUE(parse_object_text("[a, b]", n));
  EXPECT_TRUE(parse_object_text("{a: [", n));
}

TEST(MoverFields, CustomCaNeedsOneSourceAndAKey) {
  EXPECT_FALSE(custom_ca_error(parsed("{secretName: minio-ca, key: ca.crt}")));
  EXPECT_FALSE(custom_ca_error(parsed("{configMapName: root-ca, key: ca.crt}")));
  EXPECT_TRUE(custom_ca_error(parsed("{secretName: a, configMapName: b, key: ca.crt}")));
  EXPECT_TRUE(custom_ca_error(parsed("{key: ca.crt}")));
  ASSERT_TRUE(custom_ca_error(parsed("{secretName: minio-ca}")));
  EXPECT_NE(custom_ca_error(parsed("{secretName: minio-ca}"))->find("needs key"), std::string::npos);
  EXPECT_TRUE(custom_ca_error(parsed("{secretName: Minio_CA, key: ca.crt}")));
  EXPECT_TRUE(custom_ca_error(parsed("{secretName: a, key: ca.crt, path: x}")));
}

TEST(MoverFields, ResourcesAreQuantities) {
  EXPECT_FALSE(mover_resources_error(parsed("{requests: {cpu: 10m, memory: 64Mi}, limits: {memory: 1Gi}}")));
  EXPECT_TRUE(mover_resources_error(parsed("{requests: {cpu: lots}}")));
  EXPECT_TRUE(mover_resources_error(parsed("{request: {cpu: 1}}")));
}

TEST(MoverFields, AffinityHasTheThreeKinds) {
  EXPECT_FALSE(mover_affinity_error(parsed("{podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: []}}")));
  EXPECT_TRUE(mover_affinity_error(parsed("{nodeSelector: {a: b}}")));
  EXPECT_TRUE(mover_affinity_error(parsed("{nodeAffinity: x}")));
}

TEST(MoverFields, RestoreAsOfIsRfc3339WithT) {
  EXPECT_FALSE(restore_as_of_error("2026-01-31T23:59:59Z"));
  EXPECT_FALSE(restore_as_of_error("2026-01-31T23:59:59.5+02:00"));
  EXPECT_TRUE(restore_as_of_error("2026-01-31 23:59:59Z"));
  EXPECT_TRUE(restore_as_of_error("yesterday"));
}

}  // namespace
}  // namespace vg
