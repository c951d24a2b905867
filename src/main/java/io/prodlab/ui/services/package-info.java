/** The Services screen: per-service figures, sortable and filterable. */
package io.prodlab.ui.services;
