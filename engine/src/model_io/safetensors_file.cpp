#include <unordered_map>

#include "hyperbagel/engine/safetensors.h"

#include "core/mapped_file.h"

namespace hb {

struct SafetensorsFile::Impl {
    std::unique_ptr<MappedFile> mapping;
    SafetensorsHeader header;
    std::unordered_map<std::string_view, std::size_t> byName; // views into header.tensors' names

    const std::byte* dataSection() const { return mapping->data() + 8 + header.headerBytes; }
};

bool TensorView::aligned() const {
    if (info == nullptr) {
        return true;
    }
    return reinterpret_cast<std::uintptr_t>(data) % dtypeSize(info->dtype) == 0;
}

double TensorView::at(std::int64_t i) const {
    return elementToDouble(info->dtype, data + static_cast<std::uint64_t>(i) * dtypeSize(info->dtype));
}

SafetensorsFile::SafetensorsFile(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
SafetensorsFile::~SafetensorsFile() = default;

Result<std::unique_ptr<SafetensorsFile>> SafetensorsFile::open(const std::string& path) {
    auto mapping = MappedFile::open(path);
    if (!mapping) {
        return mapping.error();
    }
    auto header = parseSafetensors((*mapping)->data(), (*mapping)->size());
    if (!header) {
        return makeError(header.error().code, path + ": " + header.error().message);
    }
    auto impl = std::make_unique<Impl>();
    impl->mapping = std::move(mapping.value());
    impl->header = std::move(header.value());
    impl->byName.reserve(impl->header.tensors.size());
    for (std::size_t i = 0; i < impl->header.tensors.size(); ++i) {
        impl->byName.emplace(impl->header.tensors[i].name, i);
    }
    return std::unique_ptr<SafetensorsFile>(new SafetensorsFile(std::move(impl)));
}

const std::string& SafetensorsFile::path() const { return m_impl->mapping->path(); }

std::uint64_t SafetensorsFile::fileBytes() const { return m_impl->mapping->size(); }

const SafetensorsHeader& SafetensorsFile::header() const { return m_impl->header; }

const TensorInfo* SafetensorsFile::find(std::string_view name) const {
    const auto it = m_impl->byName.find(name);
    return it == m_impl->byName.end() ? nullptr : &m_impl->header.tensors[it->second];
}

TensorView SafetensorsFile::view(const TensorInfo& info) const {
    return TensorView{&info, m_impl->dataSection() + info.dataBegin};
}

void SafetensorsFile::adviseWillNeed() const { m_impl->mapping->adviseWillNeed(0, m_impl->mapping->size()); }

void SafetensorsFile::adviseDontNeed() const { m_impl->mapping->adviseDontNeed(0, m_impl->mapping->size()); }

} // namespace hb
