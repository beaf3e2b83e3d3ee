/** Small helpers with no Plumbline dependency: private directories, bounded echo of user input in errors. */
package dev.plumbline.util;
