#include "hyperbagel/ui/error_text.h"

namespace hb::ui {

QString ErrorText::summary(ErrorCode code) {
    switch (code) {
    case ErrorCode::FileNotFound:
        return tr("The file or folder does not exist.");
    case ErrorCode::IoError:
        return tr("The file could not be read or written.");
    case ErrorCode::BadFormat:
        return tr("The file is damaged or not in the expected format.");
    case ErrorCode::BadConfig:
        return tr("A configuration file is malformed or inconsistent.");
    case ErrorCode::BadCheckpoint:
        return tr("The model folder is incomplete or does not match its configuration.");
    case ErrorCode::Unsupported:
        return tr("This build of HyperBagel Studio does not support this input.");
    case ErrorCode::InvalidRequest:
        return tr("The request is not possible with these settings.");
    case ErrorCode::OutOfMemory:
        return tr("There is not enough memory.");
    case ErrorCode::OutOfDeviceMemory:
        return tr("There is not enough GPU memory. Try a smaller image, a lower precision or the CPU.");
    case ErrorCode::Cancelled:
        return tr("The operation was cancelled.");
    case ErrorCode::Internal:
    case ErrorCode::Count:
        break;
    }
    return tr("An internal error occurred. Please report it together with the log file.");
}

QString ErrorText::describe(const Error& error) {
    const QString text = summary(error.code);
    if (error.message.empty()) {
        return text;
    }
    return text + QLatin1Char('\n') + QString::fromStdString(error.message);
}

} // namespace hb::ui
