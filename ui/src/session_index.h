#pragma once
// The session folder's index.json: which PNG holds which history node, the current node, the
// unapplied live result and whether the session was closed cleanly. Private to ui/.
// Format (version 1):
//   { "version": 1, "closed": false, "current": 3,
//     "nodes": [ { "id": 1, "parent": 0, "file": "node-1.png", "title": "...", "prompt": "...",
//                  "tier": "full", "steps": 4, "seed": "7", "elapsedMs": 312.5,
//                  "created": "2025-01-01T12:00:00.000Z" }, ... ],
//     "masks": [ { "node": 3, "file": "mask-3.png", "feather": 8 }, ... ],  // "masks" only when any
//     "live": { "file": "live-2.png", "prompt": "...", "tier": "full", "steps": 4, "seed": "7",
//               "elapsedMs": 80.0, "edit": true, "source": 3 } }       // "live" only when there is one
// Seeds are strings: JSON numbers lose 64-bit integers.
// Thread safety: plain functions; safe from any thread.

#include <QByteArray>
#include <QList>
#include <QString>

#include "hyperbagel/ui/engine_results.h"
#include "hyperbagel/ui/history_model.h"

namespace hb::ui {

/// One node as the index names it (the image is in `file`).
struct SessionIndexNode {
    HistoryNode node; ///< without its image
    QString file;
};

/// A node's region mask (a Grayscale8 PNG of the node image's size).
struct SessionIndexMask {
    int nodeId = 0;
    QString file;
    int featherRadius = 0;
};

struct SessionIndex {
    bool closed = false;
    int currentId = 0;
    QList<SessionIndexNode> nodes;
    QList<SessionIndexMask> masks;
    bool hasLive = false;
    GeneratedImage live; ///< without its image
    QString liveFile;
};

QByteArray sessionIndexToJson(const SessionIndex& index);
/// False when `json` is not a version-1 index.
bool sessionIndexFromJson(const QByteArray& json, SessionIndex* index);

} // namespace hb::ui
