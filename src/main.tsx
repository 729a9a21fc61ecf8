// Placeholder entry: the upload page issue replaces this.
export {};
