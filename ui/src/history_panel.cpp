#include "hyperbagel/ui/history_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace hb::ui {
namespace {

constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kImageRole = Qt::UserRole + 2;
constexpr int kSearchRole = Qt::UserRole + 3;

// A square thumbnail with the image centred, so the strip stays aligned whatever the aspect ratio.
QPixmap thumbnail(const QImage& image, int size) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    if (image.isNull()) {
        return pixmap;
    }
    const QImage scaled = image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QPainter painter(&pixmap);
    painter.drawImage((size - scaled.width()) / 2, (size - scaled.height()) / 2, scaled);
    return pixmap;
}

} // namespace

HistoryPanel::HistoryPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("historyPanel"));

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setPlaceholderText(tr("Search prompts"));
    m_search->setClearButtonEnabled(true);
    m_search->setFixedWidth(220);
    connect(m_search, &QLineEdit::textChanged, this, &HistoryPanel::applyFilter);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("historyCount"));
    m_count->setEnabled(false);

    m_strip = new QListWidget(this);
    m_strip->setObjectName(QStringLiteral("historyStrip"));
    m_strip->setViewMode(QListView::IconMode);
    m_strip->setFlow(QListView::LeftToRight);
    m_strip->setWrapping(false);
    m_strip->setMovement(QListView::Static);
    m_strip->setResizeMode(QListView::Adjust);
    m_strip->setUniformItemSizes(true);
    m_strip->setIconSize(QSize(kThumbnailSize, kThumbnailSize));
    m_strip->setSpacing(4);
    // Tall enough for one row of thumbnails with captions plus the horizontal scroll bar.
    m_strip->setMinimumHeight(kThumbnailSize + 64);
    m_strip->setTextElideMode(Qt::ElideRight);
    m_strip->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_strip->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(m_strip, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { Q_EMIT entryActivated(item->data(kIdRole).toInt()); });

    m_empty =
        new QLabel(tr("Images you open and results you apply appear here. Click one to return to it."), this);
    m_empty->setObjectName(QStringLiteral("historyEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_strip);

    // Search on the left, the strip beside it: the dock stays one thumbnail row tall.
    auto* side = new QVBoxLayout;
    side->setSpacing(4);
    side->addWidget(m_search);
    side->addWidget(m_count);
    side->addStretch(1);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 6);
    layout->setSpacing(8);
    layout->addLayout(side);
    layout->addWidget(m_stack, 1);
    applyFilter();
}

int HistoryPanel::addEntry(const QImage& image, const QString& title, const QString& details) {
    const int id = m_nextId++;
    auto* item = new QListWidgetItem(QIcon(thumbnail(image, kThumbnailSize)), title);
    item->setData(kIdRole, id);
    item->setData(kImageRole, image);
    item->setData(kSearchRole, title + QLatin1Char(' ') + details);
    item->setToolTip(details.isEmpty() ? title : title + QLatin1Char('\n') + details);
    item->setSizeHint(QSize(kThumbnailSize + 40, kThumbnailSize + 30));
    m_strip->addItem(item);
    m_strip->setCurrentItem(item);
    applyFilter();
    m_strip->scrollToItem(item);
    return id;
}

QListWidgetItem* HistoryPanel::itemFor(int id) const {
    for (int row = 0; row < m_strip->count(); ++row) {
        QListWidgetItem* item = m_strip->item(row);
        if (item->data(kIdRole).toInt() == id) {
            return item;
        }
    }
    return nullptr;
}

QImage HistoryPanel::entryImage(int id) const {
    const QListWidgetItem* item = itemFor(id);
    return item != nullptr ? item->data(kImageRole).value<QImage>() : QImage();
}

int HistoryPanel::entryCount() const { return m_strip->count(); }

int HistoryPanel::visibleEntryCount() const {
    int visible = 0;
    for (int row = 0; row < m_strip->count(); ++row) {
        visible += m_strip->item(row)->isHidden() ? 0 : 1;
    }
    return visible;
}

QString HistoryPanel::searchText() const { return m_search->text(); }

void HistoryPanel::setSearchText(const QString& text) { m_search->setText(text); }

void HistoryPanel::applyFilter() {
    const QString needle = m_search->text().trimmed();
    for (int row = 0; row < m_strip->count(); ++row) {
        QListWidgetItem* item = m_strip->item(row);
        const bool match =
            needle.isEmpty() || item->data(kSearchRole).toString().contains(needle, Qt::CaseInsensitive);
        item->setHidden(!match);
    }
    const int total = entryCount();
    m_stack->setCurrentWidget(total == 0 ? static_cast<QWidget*>(m_empty) : m_strip);
    m_search->setEnabled(total > 0);
    if (total == 0) {
        m_count->clear();
    } else if (needle.isEmpty()) {
        m_count->setText(tr("Items: %1").arg(total));
    } else {
        m_count->setText(tr("Showing %1 of %2").arg(visibleEntryCount()).arg(total));
    }
}

} // namespace hb::ui
