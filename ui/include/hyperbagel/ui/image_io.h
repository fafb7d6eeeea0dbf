#pragma once
// Reads and writes image files on the global thread pool so the GUI thread never waits on disk.
// For each kind of request the newest one wins: an older load's result is dropped, never shown.
// Thread affinity: create and call on the GUI thread; signals arrive there.

#include <QImage>
#include <QObject>
#include <QString>

namespace hb::ui {

class ImageIo : public QObject {
    Q_OBJECT

public:
    explicit ImageIo(QObject* parent = nullptr);

    /// Starts reading `path` (EXIF orientation applied); ends with loaded() or loadFailed().
    void load(const QString& path);
    /// Starts writing `image` to `path`; the format follows the file suffix (png, jpg, webp, ...).
    void save(const QImage& image, const QString& path);

    bool isLoading() const { return m_loadsPending > 0; }

Q_SIGNALS:
    void loaded(const QString& path, const QImage& image);
    /// `message` is translated and names the file.
    void loadFailed(const QString& path, const QString& message);
    void saved(const QString& path);
    void saveFailed(const QString& path, const QString& message);

private:
    quint64 m_latestLoad = 0;
    int m_loadsPending = 0;
};

} // namespace hb::ui
