/** Implementation details of the sdk-provider module; not API, may change without notice. */
package org.adfssaml.provider.internal;
