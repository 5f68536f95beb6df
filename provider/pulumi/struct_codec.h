// google.protobuf.Struct / Value <-> Value, with Pulumi's special values.
//
// In: a secret is an object {"4dabf18193072939515e22adb298388d":
// "1b47061264138c4ac30d75fd1eb44270", "value": V} and decodes as V marked secret; the five
// unknown sentinel strings decode as unknown; both may appear at any depth (inside secrets,
// lists, objects). A resource reference decodes as its id (or its URN when it has no id).
// Assets, archives and other special objects are refused. Struct numbers are doubles:
// integral ones within +-2^53 decode as exact integers.
//
// Out: secret-marked values are wrapped (once: marks inside a secret are redundant),
// unknowns become the usual sentinel "04da6b54-80e4-46f7-96ec-b56ff0331ba9", numbers become
// doubles (big integers and decimals lose precision, as Pulumi's own numbers do).
#ifndef WGMESH_PROVIDER_PULUMI_STRUCT_CODEC_H_
#define WGMESH_PROVIDER_PULUMI_STRUCT_CODEC_H_

#include <string_view>

#include <google/protobuf/struct.pb.h>

#include "absl/status/statusor.h"
#include "provider/value.h"

namespace wgmesh::pulumi {

inline constexpr std::string_view kSpecialSigKey = "4dabf18193072939515e22adb298388d";
inline constexpr std::string_view kSecretSig = "1b47061264138c4ac30d75fd1eb44270";
inline constexpr std::string_view kResourceReferenceSig = "5cf8f73096256a8f31e491e813e4eb8e";
inline constexpr std::string_view kAssetSig = "c44067f5952c0a294b673a41bacd8c17";
inline constexpr std::string_view kArchiveSig = "0def7320c3a5731c473e5ecbe6d01bc7";
inline constexpr std::string_view kUnknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
inline constexpr std::string_view kUnknownBool = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
inline constexpr std::string_view kUnknownNumber = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";
inline constexpr std::string_view kUnknownArray = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
inline constexpr std::string_view kUnknownObject = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff";

// True for any of the five unknown sentinels.
bool IsUnknownSentinel(std::string_view s);

// A Struct decodes as a Value object.
absl::StatusOr<Value> FromStruct(const google::protobuf::Struct& s);
absl::StatusOr<Value> FromProtoValue(const google::protobuf::Value& v);
// The Value must be a map or object, not itself secret or unknown.
absl::StatusOr<google::protobuf::Struct> ToStruct(const Value& value);
absl::StatusOr<google::protobuf::Value> ToProtoValue(const Value& value);

}  // namespace wgmesh::pulumi

#endif  // WGMESH_PROVIDER_PULUMI_STRUCT_CODEC_H_
