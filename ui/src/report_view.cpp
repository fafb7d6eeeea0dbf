#include "hyperbagel/ui/report_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace hb::ui {
namespace {

QString qs(const std::string& text) { return QString::fromStdString(text); }

QString bytesText(std::uint64_t bytes) {
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeIecFormat);
}

QString countText(std::int64_t count) { return QLocale().toString(static_cast<qlonglong>(count)); }

QString parametersText(std::int64_t parameters) {
    const double value = static_cast<double>(parameters);
    if (value >= 1e9) {
        return ReportView::tr("%1 B", "billions of parameters").arg(QLocale().toString(value / 1e9, 'f', 2));
    }
    if (value >= 1e6) {
        return ReportView::tr("%1 M", "millions of parameters").arg(QLocale().toString(value / 1e6, 'f', 2));
    }
    return countText(parameters);
}

// A round status badge, drawn so it looks the same under every style and icon theme.
QIcon badgeIcon(const QColor& color, bool tick) {
    QPixmap pixmap(40, 40);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(2, 2, 36, 36);
    painter.setPen(QPen(Qt::white, 5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    if (tick) {
        painter.drawPolyline(QPolygonF({QPointF(11, 21), QPointF(17, 27), QPointF(29, 13)}));
    } else {
        painter.drawLine(QPointF(13, 13), QPointF(27, 27));
        painter.drawLine(QPointF(27, 13), QPointF(13, 27));
    }
    return QIcon(pixmap);
}

QIcon severityIcon(const QStyle* style, Severity severity) {
    switch (severity) {
    case Severity::Error:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case Severity::Warning:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case Severity::Info:
    case Severity::Count:
        break;
    }
    return style->standardIcon(QStyle::SP_MessageBoxInformation);
}

QTreeWidgetItem* addRow(QTreeWidgetItem* parent, const QStringList& columns) {
    auto* item = new QTreeWidgetItem(parent, columns);
    for (int column = 0; column < columns.size(); ++column) {
        item->setToolTip(column, columns.at(column));
    }
    return item;
}

} // namespace

ReportView::ReportView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("reportView"));

    m_verdictIcon = new QLabel(this);
    m_verdictIcon->setFixedSize(24, 24);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("reportVerdict"));
    QFont verdictFont = m_verdict->font();
    verdictFont.setPointSizeF(verdictFont.pointSizeF() * 1.25);
    verdictFont.setBold(true);
    m_verdict->setFont(verdictFont);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdictDetails = new QLabel(this);
    m_verdictDetails->setObjectName(QStringLiteral("reportSummary"));
    m_verdictDetails->setWordWrap(true);
    m_verdictDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_findings = new QTreeWidget(this);
    m_findings->setObjectName(QStringLiteral("findingsTree"));
    m_findings->setRootIsDecorated(false);
    m_findings->setAlternatingRowColors(true);
    m_findings->setHeaderLabels({tr("Severity"), tr("Kind"), tr("File"), tr("Subject"), tr("Message")});
    m_findings->header()->setStretchLastSection(true);

    m_contents = new QTreeWidget(this);
    m_contents->setObjectName(QStringLiteral("reportTree"));
    m_contents->setAlternatingRowColors(true);
    m_contents->setHeaderLabels({tr("Item"), tr("Value"), tr("Details")});

    m_memory = new QTableWidget(this);
    m_memory->setObjectName(QStringLiteral("memoryTable"));
    m_memory->setColumnCount(6);
    m_memory->setHorizontalHeaderLabels(
        {tr("Device"), tr("Precision"), tr("Weights"), tr("VAE"), tr("Runtime"), tr("Total")});
    m_memory->verticalHeader()->setVisible(false);
    m_memory->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_memory->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_memory->setAlternatingRowColors(true);
    m_memory->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("reportTabs"));
    m_tabs->addTab(m_findings, tr("Findings"));
    m_tabs->addTab(m_contents, tr("Contents"));
    m_workload = new QLabel(this);
    m_workload->setObjectName(QStringLiteral("memoryWorkload"));
    m_workload->setWordWrap(true);
    auto* memoryPage = new QWidget(this);
    auto* memoryLayout = new QVBoxLayout(memoryPage);
    memoryLayout->setContentsMargins(0, 0, 0, 0);
    memoryLayout->addWidget(m_memory, 1);
    memoryLayout->addWidget(m_workload);
    m_tabs->addTab(memoryPage, tr("Memory plan"));

    auto* verdictRow = new QHBoxLayout;
    verdictRow->setSpacing(8);
    verdictRow->addWidget(m_verdictIcon);
    verdictRow->addWidget(m_verdict, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(verdictRow);
    layout->addWidget(m_verdictDetails);
    layout->addWidget(m_tabs, 1);
    clear();
}

QString ReportView::severityName(Severity severity) {
    switch (severity) {
    case Severity::Error:
        return tr("Error");
    case Severity::Warning:
        return tr("Warning");
    case Severity::Info:
    case Severity::Count:
        break;
    }
    return tr("Info");
}

QString ReportView::findingKindName(FindingKind kind) {
    switch (kind) {
    case FindingKind::MissingFile:
        return tr("Missing file");
    case FindingKind::BadFile:
        return tr("Bad file");
    case FindingKind::BadConfig:
        return tr("Bad configuration");
    case FindingKind::ConfigOverride:
        return tr("Configuration override");
    case FindingKind::MissingTensor:
        return tr("Missing tensor");
    case FindingKind::UnexpectedTensor:
        return tr("Unexpected tensor");
    case FindingKind::WrongShape:
        return tr("Wrong shape");
    case FindingKind::WrongDtype:
        return tr("Wrong data type");
    case FindingKind::Note:
    case FindingKind::Count:
        break;
    }
    return tr("Note");
}

QString ReportView::componentName(Component component) {
    switch (component) {
    case Component::LlmUnderstanding:
        return tr("Language model (understanding)");
    case Component::LlmGeneration:
        return tr("Language model (generation)");
    case Component::EmbeddingsHead:
        return tr("Embeddings and output head");
    case Component::Vit:
        return tr("Vision encoder (ViT)");
    case Component::Connector:
        return tr("Connector");
    case Component::Vae:
        return tr("Autoencoder (VAE)");
    case Component::Adapters:
        return tr("Adapters");
    case Component::Extension:
        return tr("Hyper-Bagel extension");
    case Component::Other:
    case Component::Count:
        break;
    }
    return tr("Other");
}

void ReportView::clear() {
    m_findings->clear();
    m_contents->clear();
    m_memory->setRowCount(0);
    m_workload->clear();
    m_tabs->setTabText(0, tr("Findings"));
    m_verdictIcon->clear();
    m_verdict->setProperty("valid", false);
    m_verdict->setText(tr("No report yet"));
    m_verdictDetails->setText(tr("Choose a checkpoint folder and press Inspect. The folder is checked "
                                 "without loading the model: files, configs, tensor names, shapes and "
                                 "data types, and the memory it will need."));
}

void ReportView::setVerdict(const QIcon& icon, const QString& headline, const QString& details) {
    m_verdictIcon->setPixmap(icon.pixmap(24, 24));
    m_verdict->setText(headline);
    m_verdictDetails->setText(details);
}

void ReportView::showError(const QString& message) {
    clear();
    m_verdict->setProperty("valid", false);
    setVerdict(badgeIcon(QColor(0xd9, 0x3f, 0x3f), false), tr("Inspection failed"), message);
}

void ReportView::setReport(const CheckpointReport& report) {
    clear();
    const auto errors = static_cast<int>(report.count(Severity::Error));
    const auto warnings = static_cast<int>(report.count(Severity::Warning));
    m_verdict->setProperty("valid", report.valid);
    const QString headline = report.valid ? tr("Valid: this checkpoint can be loaded")
                                          : tr("Cannot be loaded (errors: %1)").arg(errors);
    QStringList details;
    details << tr("Kind: %1").arg(qs(report.kind));
    details << tr("%1 tensors").arg(countText(report.tensorCount));
    details << tr("%1 parameters").arg(parametersText(report.parameterCount));
    details << tr("%1 of tensor data").arg(bytesText(report.tensorBytes));
    details << tr("Warnings: %1").arg(warnings);
    setVerdict(report.valid ? badgeIcon(QColor(0x2e, 0xa0, 0x43), true)
                            : badgeIcon(QColor(0xd9, 0x3f, 0x3f), false),
               headline, details.join(QStringLiteral("  ·  ")));
    fillFindings(report);
    fillContents(report);
    fillMemory(report);
    m_tabs->setTabText(0, tr("Findings (%1)").arg(static_cast<qulonglong>(report.findings.size())));
}

void ReportView::fillFindings(const CheckpointReport& report) {
    std::vector<const Finding*> ordered;
    ordered.reserve(report.findings.size());
    for (const Finding& finding : report.findings) {
        ordered.push_back(&finding);
    }
    // Errors first, then warnings, then notes; the engine's order within each.
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
    for (const Finding* finding : ordered) {
        auto* item =
            new QTreeWidgetItem(m_findings, {severityName(finding->severity), findingKindName(finding->kind),
                                             qs(finding->file), qs(finding->subject), qs(finding->message)});
        item->setIcon(0, severityIcon(style(), finding->severity));
        item->setToolTip(4, qs(finding->message));
        item->setToolTip(3, qs(finding->subject));
    }
    for (int column = 0; column < 4; ++column) {
        m_findings->resizeColumnToContents(column);
    }
}

void ReportView::fillContents(const CheckpointReport& report) {
    auto* configs = new QTreeWidgetItem(m_contents, {tr("Configuration")});
    for (const ReportSection& section : report.configs) {
        auto* sectionItem = addRow(configs, {qs(section.title)});
        for (const auto& [key, value] : section.entries) {
            addRow(sectionItem, {qs(key), qs(value)});
        }
    }
    auto* files = new QTreeWidgetItem(m_contents, {tr("Files"), QString::number(report.files.size())});
    for (const FileEntry& file : report.files) {
        addRow(files, {qs(file.name), bytesText(file.bytes),
                       file.tensors >= 0 ? tr("%1 tensors").arg(countText(file.tensors)) : QString()});
    }
    auto* components =
        new QTreeWidgetItem(m_contents, {tr("Components"), parametersText(report.parameterCount)});
    for (const ComponentStats& stats : report.components) {
        addRow(components, {componentName(stats.component), parametersText(stats.parameters),
                            tr("%1 tensors, %2").arg(countText(stats.tensors), bytesText(stats.bytes))});
    }
    auto* dtypes = new QTreeWidgetItem(m_contents, {tr("Data types")});
    for (const auto& [dtype, count] : report.dtypes) {
        addRow(dtypes, {qs(dtype), tr("%1 tensors").arg(countText(count))});
    }
    for (QTreeWidgetItem* top : {configs, files, components, dtypes}) {
        QFont bold = top->font(0);
        bold.setBold(true);
        top->setFont(0, bold);
        top->setExpanded(true);
    }
    m_contents->resizeColumnToContents(0);
    m_contents->resizeColumnToContents(1);
}

void ReportView::fillMemory(const CheckpointReport& report) {
    m_memory->setRowCount(static_cast<int>(report.memory.size()));
    if (!report.memory.empty()) {
        m_workload->setText(tr("Runtime memory assumes: %1").arg(qs(report.memory.front().workload)));
    }
    int row = 0;
    for (const MemoryEstimate& estimate : report.memory) {
        const QString device = estimate.device == "cuda" ? tr("GPU (CUDA)") : tr("CPU");
        const QStringList cells{device,
                                qs(estimate.precision),
                                bytesText(estimate.weightBytes),
                                bytesText(estimate.vaeBytes),
                                bytesText(estimate.runtimeBytes),
                                bytesText(estimate.totalBytes)};
        for (int column = 0; column < cells.size(); ++column) {
            auto* cell = new QTableWidgetItem(cells.at(column));
            cell->setToolTip(tr("Runtime memory assumes: %1").arg(qs(estimate.workload)));
            if (column >= 2) {
                cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            }
            if (column == cells.size() - 1) {
                QFont bold = cell->font();
                bold.setBold(true);
                cell->setFont(bold);
            }
            m_memory->setItem(row, column, cell);
        }
        ++row;
    }
}

} // namespace hb::ui
