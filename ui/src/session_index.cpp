#include "session_index.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hb::ui {
namespace {

constexpr int kVersion = 1;

QJsonObject nodeToJson(const SessionIndexNode& entry) {
    const HistoryNode& n = entry.node;
    return QJsonObject{{QStringLiteral("id"), n.id},
                       {QStringLiteral("parent"), n.parentId},
                       {QStringLiteral("file"), entry.file},
                       {QStringLiteral("title"), n.title},
                       {QStringLiteral("prompt"), n.prompt},
                       {QStringLiteral("tier"), n.tier},
                       {QStringLiteral("steps"), n.steps},
                       {QStringLiteral("seed"), QString::number(n.seed)},
                       {QStringLiteral("elapsedMs"), n.elapsedMs},
                       {QStringLiteral("model"), n.model},
                       {QStringLiteral("created"), n.created.toUTC().toString(Qt::ISODateWithMs)}};
}

SessionIndexNode nodeFromJson(const QJsonObject& o) {
    SessionIndexNode entry;
    HistoryNode& n = entry.node;
    n.id = o.value(QStringLiteral("id")).toInt();
    n.parentId = o.value(QStringLiteral("parent")).toInt();
    n.title = o.value(QStringLiteral("title")).toString();
    n.prompt = o.value(QStringLiteral("prompt")).toString();
    n.tier = o.value(QStringLiteral("tier")).toString();
    n.steps = o.value(QStringLiteral("steps")).toInt();
    n.seed = o.value(QStringLiteral("seed")).toString().toULongLong();
    n.elapsedMs = o.value(QStringLiteral("elapsedMs")).toDouble();
    n.model = o.value(QStringLiteral("model")).toString();
    n.created = QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODateWithMs);
    entry.file = o.value(QStringLiteral("file")).toString();
    return entry;
}

QJsonObject liveToJson(const GeneratedImage& live, const QString& file) {
    return QJsonObject{{QStringLiteral("file"), file},
                       {QStringLiteral("prompt"), live.prompt},
                       {QStringLiteral("tier"), live.tier},
                       {QStringLiteral("steps"), live.steps},
                       {QStringLiteral("seed"), QString::number(live.seed)},
                       {QStringLiteral("elapsedMs"), live.elapsedMs},
                       {QStringLiteral("model"), live.model},
                       {QStringLiteral("edit"), live.edit},
                       {QStringLiteral("source"), live.sourceNode}};
}

GeneratedImage liveFromJson(const QJsonObject& o, QString* file) {
    GeneratedImage live;
    *file = o.value(QStringLiteral("file")).toString();
    live.prompt = o.value(QStringLiteral("prompt")).toString();
    live.tier = o.value(QStringLiteral("tier")).toString();
    live.steps = o.value(QStringLiteral("steps")).toInt();
    live.seed = o.value(QStringLiteral("seed")).toString().toULongLong();
    live.elapsedMs = o.value(QStringLiteral("elapsedMs")).toDouble();
    live.model = o.value(QStringLiteral("model")).toString();
    live.edit = o.value(QStringLiteral("edit")).toBool();
    live.sourceNode = o.value(QStringLiteral("source")).toInt();
    return live;
}

} // namespace

QByteArray sessionIndexToJson(const SessionIndex& index) {
    QJsonArray nodes;
    for (const SessionIndexNode& entry : index.nodes) {
        nodes.append(nodeToJson(entry));
    }
    QJsonObject root{{QStringLiteral("version"), kVersion},
                     {QStringLiteral("closed"), index.closed},
                     {QStringLiteral("current"), index.currentId},
                     {QStringLiteral("nodes"), nodes}};
    if (!index.masks.isEmpty()) {
        QJsonArray masks;
        for (const SessionIndexMask& mask : index.masks) {
            masks.append(QJsonObject{{QStringLiteral("node"), mask.nodeId},
                                     {QStringLiteral("file"), mask.file},
                                     {QStringLiteral("feather"), mask.featherRadius}});
        }
        root.insert(QStringLiteral("masks"), masks);
    }
    if (index.hasLive) {
        root.insert(QStringLiteral("live"), liveToJson(index.live, index.liveFile));
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool sessionIndexFromJson(const QByteArray& json, SessionIndex* index) {
    const QJsonDocument document = QJsonDocument::fromJson(json);
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(QStringLiteral("version")).toInt() != kVersion) {
        return false;
    }
    *index = SessionIndex{};
    index->closed = root.value(QStringLiteral("closed")).toBool();
    index->currentId = root.value(QStringLiteral("current")).toInt();
    for (const QJsonValue& value : root.value(QStringLiteral("nodes")).toArray()) {
        SessionIndexNode entry = nodeFromJson(value.toObject());
        if (entry.node.id > 0 && !entry.file.isEmpty()) {
            index->nodes.append(entry);
        }
    }
    for (const QJsonValue& value : root.value(QStringLiteral("masks")).toArray()) {
        const QJsonObject o = value.toObject();
        SessionIndexMask mask{o.value(QStringLiteral("node")).toInt(),
                              o.value(QStringLiteral("file")).toString(),
                              qMax(0, o.value(QStringLiteral("feather")).toInt())};
        if (mask.nodeId > 0 && !mask.file.isEmpty()) {
            index->masks.append(mask);
        }
    }
    if (root.contains(QStringLiteral("live"))) {
        index->live = liveFromJson(root.value(QStringLiteral("live")).toObject(), &index->liveFile);
        index->hasLive = !index->liveFile.isEmpty();
    }
    return true;
}

} // namespace hb::ui
