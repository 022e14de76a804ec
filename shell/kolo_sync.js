// Team sync (see the file's full text once written).
mergeInto(LibraryManager.library, {});
