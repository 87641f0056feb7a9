#include "core/model/onnx/onnx_tensor.h"

#include <climits>
#include <cstring>
#include <fstream>
#include <sstream>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "core/model/net_desc.h"
#include "core/model/onnx/onnx_proto.h"

namespace cnn {
namespace {

constexpr std::int64_t kMaxElements = std::int64_t(1) << 31;  // per tensor; far beyond any CNN's

template <class T>
std::vector<T> from_raw(const std::string& raw, std::size_t count, const std::string& what) {
  if (raw.size() != count * sizeof(T))
    throw ModelError(what + " declares " + std::to_string(count) + " elements but holds " + std::to_string(raw.size()) +
                     " bytes of data");
  std::vector<T> out(count);
  if (count) std::memcpy(out.data(), raw.data(), raw.size());  // ONNX raw data is little-endian, as x86 is
  return out;
}

template <class Field>
void check_count(const Field& field, std::size_t count, const std::string& what) {
  if (std::size_t(field.size()) != count)
    throw ModelError(what + " declares " + std::to_string(count) + " elements but holds " +
                     std::to_string(field.size()));
}

}  // namespace

namespace onnx_import {

bool parse_message(std::string_view bytes, google::protobuf::Message& out) {
  if (bytes.size() > std::size_t(INT_MAX)) return false;
  google::protobuf::io::ArrayInputStream array(bytes.data(), int(bytes.size()));
  google::protobuf::io::CodedInputStream stream(&array);
  stream.SetTotalBytesLimit(INT_MAX);  // protobuf's own default is lower in older releases
  return out.ParseFromCodedStream(&stream) && stream.ConsumedEntireMessage();
}

OnnxTensor read_tensor(const onnx::TensorProto& t, const std::string& what) {
  OnnxTensor out;
  out.name = t.name();
  std::int64_t count = 1;
  for (std::int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && count > kMaxElements / d))
      throw ModelError(what + " has dims that are negative or absurdly large");
    count *= d;
    out.dims.push_back(d);
  }
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    throw ModelError(what + " keeps its data in an external file, which this program does not read");
  const std::size_t n = std::size_t(count);
  const bool raw = t.has_raw_data();
  switch (t.data_type()) {
    case onnx::TensorProto::FLOAT:
      if (raw) {
        out.f = from_raw<float>(t.raw_data(), n, what);
      } else {
        check_count(t.float_data(), n, what);
        out.f.assign(t.float_data().begin(), t.float_data().end());
      }
      return out;
    case onnx::TensorProto::DOUBLE: {
      std::vector<double> d;
      if (raw) {
        d = from_raw<double>(t.raw_data(), n, what);
      } else {
        check_count(t.double_data(), n, what);
        d.assign(t.double_data().begin(), t.double_data().end());
      }
      out.f.assign(d.begin(), d.end());
      return out;
    }
    case onnx::TensorProto::INT64:
      out.is_float = false;
      if (raw) {
        out.i = from_raw<std::int64_t>(t.raw_data(), n, what);
      } else {
        check_count(t.int64_data(), n, what);
        out.i.assign(t.int64_data().begin(), t.int64_data().end());
      }
      return out;
    case onnx::TensorProto::INT32: {
      out.is_float = false;
      if (raw) {
        const std::vector<std::int32_t> v = from_raw<std::int32_t>(t.raw_data(), n, what);
        out.i.assign(v.begin(), v.end());
      } else {
        check_count(t.int32_data(), n, what);
        out.i.assign(t.int32_data().begin(), t.int32_data().end());
      }
      return out;
    }
    default:
      throw ModelError(what + " has element type " + onnx::TensorProto::DataType_Name(t.data_type()) +
                       "; only float, double and integer (int32, int64) tensors are read");
  }
}

}  // namespace onnx_import

OnnxTensor load_onnx_tensor(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (in) bytes << in.rdbuf();
  if (!in || in.bad()) throw ModelError("cannot read tensor file '" + path.string() + "'");
  onnx::TensorProto proto;
  if (!onnx_import::parse_message(bytes.str(), proto))
    throw ModelError("tensor file '" + path.string() + "' is not a serialized ONNX TensorProto");
  return onnx_import::read_tensor(proto, "tensor file '" + path.string() + "'");
}

}  // namespace cnn
